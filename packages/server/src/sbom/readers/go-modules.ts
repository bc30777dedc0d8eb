import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/**
 * The Go modules a release was built with: `go.mod`'s requirements (direct and `// indirect`,
 * which since Go 1.17 list every module the build needs), with `replace` directives applied.
 * go.sum's `h1:` values hash Go's own file listing, not an archive: they are kept as a
 * property rather than claimed as a SHA-256 of the module.
 */
export async function readGoModules(reader: ReleaseReader, appDir: string, modCache: string): Promise<SbomComponent[]> {
  const mod = await reader.readText(join(appDir, "go.mod"));
  if (mod === undefined) return [];
  const modules = goModComponents(mod, (await reader.readText(join(appDir, "go.sum"))) ?? "");
  // What `go mod graph` prints: each module's own go.mod requirements, from the module cache the build filled.
  const selected = new Map(modules.map((m) => [m.name, m.purl]));
  return Promise.all(
    modules.map(async (module) => {
      const own = await reader.readText(join(modCache, "cache", "download", escapePath(module.name), "@v", `${escapePath(module.version)}.mod`));
      if (own === undefined) return module;
      const [, required] = parseGoMod(own);
      return { ...module, dependsOn: [...required.keys()].flatMap((path) => selected.get(path) ?? []) };
    }),
  );
}

/** The module cache's case encoding: an upper-case letter is `!` and its lower case. */
function escapePath(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);
}

export function goModComponents(mod: string, sum: string): SbomComponent[] {
  const [, requires, replaces] = parseGoMod(mod);
  return componentsOf(requires, replaces, sum);
}

/** go.mod's `module`, `require` and `replace` directives. */
function parseGoMod(mod: string): [string | undefined, Map<string, string>, Map<string, { path: string; version: string }>] {
  const requires = new Map<string, string>();
  const replaces = new Map<string, { path: string; version: string }>();
  let block: "require" | "replace" | null = null;
  for (const raw of mod.split("\n")) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (line === ")") {
      block = null;
      continue;
    }
    const opening = /^(require|replace)\s*\($/.exec(line);
    if (opening) {
      block = opening[1] as "require" | "replace";
      continue;
    }
    const single = /^(require|replace)\s+(.*)$/.exec(line);
    const kind = single ? single[1] : block;
    const body = single ? (single[2] ?? "") : line;
    if (kind === "require") {
      const [path, version] = body.split(/\s+/);
      if (path && version) requires.set(path, version);
    } else if (kind === "replace") {
      const match = /^(\S+)(?:\s+\S+)?\s+=>\s+(\S+)\s+(\S+)$/.exec(body);
      if (match?.[1] && match[2] && match[3]) replaces.set(match[1], { path: match[2], version: match[3] });
    }
  }
  return [/^module\s+(\S+)/m.exec(mod)?.[1], requires, replaces];
}

function componentsOf(requires: ReadonlyMap<string, string>, replaces: ReadonlyMap<string, { path: string; version: string }>, sum: string): SbomComponent[] {
  const sums = new Map<string, string>();
  for (const line of sum.split("\n")) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (path && version && hash && !version.endsWith("/go.mod")) sums.set(`${path}@${version}`, hash);
  }
  return [...requires].map(([required, requiredVersion]) => {
    const { path, version } = replaces.get(required) ?? { path: required, version: requiredVersion };
    const slash = path.lastIndexOf("/");
    const namespace = slash > 0 ? path.slice(0, slash) : undefined;
    const name = slash > 0 ? path.slice(slash + 1) : path;
    const h1 = sums.get(`${path}@${version}`);
    return {
      type: "library" as const,
      name: path,
      version,
      purl: purl("golang", name, version, namespace),
      licenses: [],
      hashes: [],
      properties: h1 ? { "hop3:go-sum": h1 } : undefined,
    };
  });
}
