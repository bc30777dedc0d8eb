import { runCommand } from "../exec/run-command.ts";
import { purl, type SbomComponent } from "./sbom-component.ts";

/** Enough for a language runtime's closure (Python's is about 40 packages); more is cut. */
const maxPackages = 400;
const env = { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" };

/** Runs dpkg-query read-only and returns its standard output lines (none when it fails or is absent). */
export type DpkgQuery = (args: readonly string[]) => Promise<string[]>;

export const dpkgQuery: DpkgQuery = async (args) => {
  const lines: string[] = [];
  try {
    await runCommand({ argv: ["dpkg-query", ...args], cwd: "/", env, timeoutMs: 20_000, onLine: (stream, line) => stream === "stdout" && lines.push(line) });
  } catch {
    return [];
  }
  return lines;
};

/** The Debian package that owns a file (`dpkg-query -S`), or null when none does. */
export async function owningPackage(query: DpkgQuery, path: string): Promise<string | null> {
  const [line] = await query(["-S", "--", path]);
  const match = /^([^:,\s]+)(?::[a-z0-9-]+)?(?:,[^:]*)?: /.exec(line ?? "");
  return match?.[1] ?? null;
}

interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly arch: string;
  readonly depends: string[];
}

/**
 * The installed Debian packages `roots` need: the roots and everything their Depends and
 * Pre-Depends reach (first alternative of each, as installed), for `pkg:deb` components.
 */
export async function debianClosure(query: DpkgQuery, roots: readonly string[], distro: string | null): Promise<SbomComponent[]> {
  const seen = new Map<string, InstalledPackage>();
  let next = [...new Set(roots)];
  while (next.length > 0 && seen.size < maxPackages) {
    const batch = next.slice(0, maxPackages - seen.size);
    const lines = await query(["-W", "-f", "${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\t${Pre-Depends}, ${Depends}\\n", "--", ...batch]);
    const found: InstalledPackage[] = [];
    for (const line of lines) {
      const [name, version, arch, status, depends] = line.split("\t");
      if (!name || !version || !status?.startsWith("ii") || seen.has(name)) continue;
      const pkg = { name, version, arch: arch ?? "", depends: dependencyNames(depends ?? "") };
      seen.set(name, pkg);
      found.push(pkg);
    }
    next = [...new Set(found.flatMap((pkg) => pkg.depends))].filter((name) => !seen.has(name));
  }
  return [...seen.values()].map((pkg) => ({
    type: "library" as const,
    name: pkg.name,
    version: pkg.version,
    purl: purl("deb", pkg.name, pkg.version, "debian", { ...(pkg.arch ? { arch: pkg.arch } : {}), ...(distro ? { distro } : {}) }),
    licenses: [],
    hashes: [],
    properties: { "hop3:origin": "dpkg" },
  }));
}

/** `libc6 (>= 2.34), libssl3 | libssl1.1, foo:any` → libc6, libssl3, foo. */
export function dependencyNames(field: string): string[] {
  return field
    .split(",")
    .map((part) => part.split("|")[0]?.trim().split(/[\s(]/)[0]?.replace(/:[a-z0-9-]+$/, "") ?? "")
    .filter((name) => /^[a-z0-9][a-z0-9+.-]+$/.test(name));
}

/** `debian-12` from /etc/os-release's text, as the purl spec's `distro` qualifier. */
export function distroOf(osRelease: string): string | null {
  const id = /^ID=("?)([^"\n]+)\1$/m.exec(osRelease)?.[2];
  const version = /^VERSION_ID=("?)([^"\n]+)\1$/m.exec(osRelease)?.[2];
  return id ? (version ? `${id}-${version}` : id) : null;
}
