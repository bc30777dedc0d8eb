import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/**
 * The crates `Cargo.lock` pins (the build runs `cargo build --locked`), with their SHA-256
 * checksums and who needs whom. The app's own crates (no `source`) are left out; what they
 * need is a direct dependency. Licences come from each crate's `Cargo.toml` where the build
 * unpacked it (the registry in the app's cache): read, not `cargo metadata` run.
 */
export async function readCargoCrates(reader: ReleaseReader, appDir: string, cargoHome: string): Promise<SbomComponent[]> {
  const lock = await reader.readText(join(appDir, "Cargo.lock"));
  if (lock === undefined) return [];
  const crates = cargoLockComponents(lock);
  if (crates.length === 0) return crates;
  const sources = (await reader.list(join(cargoHome, "registry", "src"))).map((index) => join(cargoHome, "registry", "src", index));
  if (sources.length === 0) return crates;
  return Promise.all(
    crates.map(async (crate) => {
      for (const source of sources) {
        const manifest = await reader.readText(join(source, `${crate.name}-${crate.version}`, "Cargo.toml"));
        const license = manifest === undefined ? undefined : manifestLicense(manifest);
        if (license !== undefined) return { ...crate, licenses: [license] };
        if (manifest !== undefined) break;
      }
      return crate;
    }),
  );
}

/** The `license` of a crate's `[package]` (an SPDX expression, as crates.io requires), or undefined. */
export function manifestLicense(manifest: string): string | undefined {
  const pkg = /^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(manifest)?.[1] ?? "";
  const license = /^license\s*=\s*"([^"\n]{1,200})"/m.exec(pkg)?.[1];
  return license?.trim() || undefined;
}

interface LockedCrate {
  readonly name: string;
  readonly version: string;
  readonly source: string | undefined;
  readonly checksum: string | undefined;
  /** `name`, `name version` or `name version (source)`, as Cargo.lock writes them. */
  readonly dependencies: readonly string[];
}

export function cargoLockComponents(lock: string): SbomComponent[] {
  const crates: LockedCrate[] = [];
  for (const section of lock.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const field = (key: string) => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m").exec(section)?.[1];
    const name = field("name");
    const version = field("version");
    if (!name || !version) continue;
    const list = /^dependencies\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1] ?? "";
    const dependencies = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "").filter((d) => d !== "");
    crates.push({ name, version, source: field("source"), checksum: field("checksum"), dependencies });
  }
  const purls = new Map(crates.map((crate) => [crate, cratePurl(crate)]));
  // Cargo.lock names a dependency by name alone when one version is locked, adding the version (and source) otherwise.
  const resolve = (spec: string): string | undefined => {
    const [name, version] = spec.split(" ");
    const found = crates.find((crate) => crate.name === name && (version === undefined || crate.version === version));
    return found === undefined ? undefined : (purls.get(found) ?? undefined);
  };
  const direct = new Set(crates.filter((crate) => !crate.source).flatMap((crate) => crate.dependencies.map(resolve)));
  const components: SbomComponent[] = [];
  for (const crate of crates) {
    const ref = purls.get(crate);
    if (!crate.source || ref === undefined) continue;
    const hashes = crate.checksum && /^[0-9a-f]{64}$/.test(crate.checksum) ? [{ alg: "SHA-256" as const, content: crate.checksum }] : [];
    const dependsOn = crate.dependencies.map(resolve).filter((d): d is string => d !== undefined);
    components.push({ type: "library", name: crate.name, version: crate.version, purl: ref, licenses: [], hashes, dependsOn, direct: direct.has(ref) });
  }
  return components;
}

function cratePurl(crate: LockedCrate): string {
  const source = crate.source ?? "";
  const registry = source.startsWith("registry+https://github.com/rust-lang/crates.io-index") || source.startsWith("sparse+https://index.crates.io/");
  return purl("cargo", crate.name, crate.version, undefined, registry || source === "" ? undefined : { vcs_url: source });
}
