import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/** The crates `Cargo.lock` pins (the build runs `cargo build --locked`), with their SHA-256 checksums. The app's own crates (no `source`) are left out. */
export async function readCargoCrates(reader: ReleaseReader, appDir: string): Promise<SbomComponent[]> {
  const lock = await reader.readText(join(appDir, "Cargo.lock"));
  return lock === undefined ? [] : cargoLockComponents(lock);
}

export function cargoLockComponents(lock: string): SbomComponent[] {
  const components: SbomComponent[] = [];
  for (const section of lock.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const field = (key: string) => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m").exec(section)?.[1];
    const name = field("name");
    const version = field("version");
    const source = field("source");
    if (!name || !version || !source) continue;
    const checksum = field("checksum");
    const hashes = checksum && /^[0-9a-f]{64}$/.test(checksum) ? [{ alg: "SHA-256" as const, content: checksum }] : [];
    const registry = source.startsWith("registry+https://github.com/rust-lang/crates.io-index") || source.startsWith("sparse+https://index.crates.io/");
    components.push({ type: "library", name, version, purl: purl("cargo", name, version, undefined, registry ? undefined : { vcs_url: source }), licenses: [], hashes });
  }
  return components;
}
