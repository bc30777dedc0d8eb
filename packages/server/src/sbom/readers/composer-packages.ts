import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/** The packages `composer.lock` pins (the build runs `composer install --no-dev`: dev packages are left out), with licences and the SHA-1 Composer gives. */
export async function readComposerPackages(reader: ReleaseReader, appDir: string): Promise<SbomComponent[]> {
  const lock = await reader.readText(join(appDir, "composer.lock"));
  return lock === undefined ? [] : composerLockComponents(lock);
}

export function composerLockComponents(text: string): SbomComponent[] {
  let lock: { packages?: unknown };
  try {
    lock = JSON.parse(text) as typeof lock;
  } catch {
    return [];
  }
  if (!Array.isArray(lock.packages)) return [];
  const components: SbomComponent[] = [];
  for (const entry of lock.packages as Record<string, unknown>[]) {
    const full = entry.name;
    const rawVersion = entry.version;
    if (typeof full !== "string" || typeof rawVersion !== "string" || !/^[^/]+\/[^/]+$/.test(full)) continue;
    const [group, name] = full.split("/") as [string, string];
    // Composer's tags are often `v1.2.3`; the purl spec wants the version as released.
    const version = rawVersion.replace(/^v(?=\d)/, "");
    const licenses = Array.isArray(entry.license) ? entry.license.filter((l): l is string => typeof l === "string") : [];
    const shasum = (entry.dist as { shasum?: unknown } | undefined)?.shasum;
    const hashes = typeof shasum === "string" && /^[0-9a-f]{40}$/.test(shasum) ? [{ alg: "SHA-1" as const, content: shasum }] : [];
    components.push({ type: "library", name, group, version, purl: purl("composer", name, version, group), licenses, hashes });
  }
  return components;
}
