import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { integrityHash, purl, type SbomComponent } from "../sbom-component.ts";

/** How deep nested node_modules are followed (a/node_modules/b/node_modules/c …). */
const maxDepth = 12;

/**
 * The npm packages installed for a release. npm's hidden lockfile (`node_modules/.package-lock.json`)
 * or the app's `package-lock.json` give versions, licences and integrity hashes of exactly
 * what was installed; for pnpm and yarn, each installed `package.json` is read.
 */
export async function readNodePackages(reader: ReleaseReader, appDir: string): Promise<SbomComponent[]> {
  const modules = join(appDir, "node_modules");
  if (!(await reader.exists(modules))) return [];
  for (const lockfile of [join(modules, ".package-lock.json"), join(appDir, "package-lock.json"), join(appDir, "npm-shrinkwrap.json")]) {
    const text = await reader.readText(lockfile);
    if (text === undefined) continue;
    const fromLock = npmLockComponents(text);
    if (fromLock !== null) return fromLock;
  }
  const found = new Map<string, SbomComponent>();
  await walkModules(reader, modules, 0, found);
  return [...found.values()];
}

/**
 * Components of a lockfile v2/v3 `packages` map (dev dependencies left out: they are not
 * installed), each depending on what Node would load for its `dependencies` (the nearest
 * `node_modules/<name>` up from its own path), or null if it has none.
 */
export function npmLockComponents(text: string): SbomComponent[] | null {
  let lock: { packages?: Record<string, Record<string, unknown>> };
  try {
    lock = JSON.parse(text) as typeof lock;
  } catch {
    return null;
  }
  if (typeof lock.packages !== "object" || lock.packages === null) return null;
  const packages = lock.packages;
  const byPath = new Map<string, SbomComponent>();
  for (const [path, entry] of Object.entries(packages)) {
    const at = path.lastIndexOf("node_modules/");
    if (at < 0 || entry.dev === true || entry.link === true || entry.extraneous === true) continue;
    const name = typeof entry.name === "string" ? entry.name : path.slice(at + "node_modules/".length);
    const component = npmComponent(name, entry.version, entry.license, entry.integrity);
    if (component) byPath.set(path, component);
  }
  const needs = (from: string, entry: Record<string, unknown> | undefined) =>
    [entry?.dependencies, entry?.optionalDependencies, entry?.peerDependencies].flatMap((map) => Object.keys(typeof map === "object" && map !== null ? map : {})).flatMap((name) => byPath.get(resolveFrom(from, name, byPath))?.purl ?? []);
  const direct = new Set(needs("", packages[""]));
  const found = new Map<string, SbomComponent>();
  for (const [path, component] of byPath) {
    const dependsOn = needs(path, packages[path]);
    const seen = found.get(component.purl);
    found.set(component.purl, { ...component, dependsOn: [...(seen?.dependsOn ?? []), ...dependsOn], direct: direct.has(component.purl) });
  }
  return [...found.values()];
}

/** The lockfile path Node loads `name` from, required by the package at `from`: its own node_modules, then each parent's. */
function resolveFrom(from: string, name: string, installed: ReadonlyMap<string, unknown>): string {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (installed.has(candidate) || base === "") return candidate;
    const at = base.lastIndexOf("/node_modules/");
    base = at < 0 ? "" : base.slice(0, at);
  }
}

/** One npm package; null without a valid name and version. */
export function npmComponent(fullName: string, version: unknown, license: unknown, integrity: unknown): SbomComponent | null {
  if (typeof version !== "string" || version === "" || !/^(@[^/]+\/)?[^/@][^/]*$/.test(fullName)) return null;
  const [group, name] = fullName.startsWith("@") ? (fullName.split("/") as [string, string]) : [undefined, fullName];
  const licenses = typeof license === "string" ? [license] : typeof license === "object" && license !== null && typeof (license as { type?: unknown }).type === "string" ? [(license as { type: string }).type] : [];
  return { type: "library", name, group, version, purl: purl("npm", name, version, group), licenses, hashes: integrityHash(integrity) };
}

async function walkModules(reader: ReleaseReader, modules: string, depth: number, found: Map<string, SbomComponent>): Promise<void> {
  if (depth > maxDepth) return;
  for (const entry of await reader.list(modules)) {
    if (entry === ".bin" || entry === ".cache") continue;
    if (entry === ".pnpm") {
      for (const store of await reader.list(join(modules, ".pnpm"))) await walkModules(reader, join(modules, ".pnpm", store, "node_modules"), depth + 1, found);
      continue;
    }
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@") ? (await reader.list(join(modules, entry))).map((name) => join(modules, entry, name)) : [join(modules, entry)];
    for (const dir of dirs) {
      const text = await reader.readText(join(dir, "package.json"));
      if (text === undefined) continue;
      try {
        const manifest = JSON.parse(text) as Record<string, unknown>;
        const component = typeof manifest.name === "string" ? npmComponent(manifest.name, manifest.version, manifest.license, undefined) : null;
        if (component && !found.has(component.purl)) found.set(component.purl, component);
      } catch {
        continue;
      }
      await walkModules(reader, join(dir, "node_modules"), depth + 1, found);
    }
  }
}
