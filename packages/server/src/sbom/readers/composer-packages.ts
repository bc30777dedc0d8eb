import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/**
 * The packages `composer.lock` pins (the build runs `composer install --no-dev`: dev packages
 * are left out), with licences, the SHA-1 Composer gives and each package's `require` as its
 * dependencies; `composer.json`'s `require` names the direct ones.
 */
export async function readComposerPackages(reader: ReleaseReader, appDir: string): Promise<SbomComponent[]> {
  const lock = await reader.readText(join(appDir, "composer.lock"));
  if (lock === undefined) return [];
  return composerLockComponents(lock, (await reader.readText(join(appDir, "composer.json"))) ?? "{}");
}

export function composerLockComponents(text: string, manifest = "{}"): SbomComponent[] {
  const lock = parse(text);
  if (!Array.isArray(lock?.packages)) return [];
  const entries = (lock.packages as unknown[]).filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
  const purls = new Map<string, string>();
  for (const entry of entries) {
    const id = identity(entry);
    if (id) purls.set(id.full.toLowerCase(), purl("composer", id.name, id.version, id.group));
  }
  const requires = (value: unknown) => Object.keys(typeof value === "object" && value !== null ? value : {}).flatMap((name) => purls.get(name.toLowerCase()) ?? []);
  const direct = new Set(requires(parse(manifest)?.require));
  const components: SbomComponent[] = [];
  for (const entry of entries) {
    const id = identity(entry);
    if (!id) continue;
    const ref = purl("composer", id.name, id.version, id.group);
    const licenses = Array.isArray(entry.license) ? entry.license.filter((l): l is string => typeof l === "string") : [];
    const shasum = (entry.dist as { shasum?: unknown } | undefined)?.shasum;
    const hashes = typeof shasum === "string" && /^[0-9a-f]{40}$/.test(shasum) ? [{ alg: "SHA-1" as const, content: shasum }] : [];
    components.push({ type: "library", name: id.name, group: id.group, version: id.version, purl: ref, licenses, hashes, dependsOn: requires(entry.require), direct: direct.has(ref) });
  }
  return components;
}

function identity(entry: Record<string, unknown>): { full: string; group: string; name: string; version: string } | null {
  const full = entry.name;
  const rawVersion = entry.version;
  if (typeof full !== "string" || typeof rawVersion !== "string" || !/^[^/]+\/[^/]+$/.test(full)) return null;
  const [group, name] = full.split("/") as [string, string];
  // Composer's tags are often `v1.2.3`; the purl spec wants the version as released.
  return { full, group, name, version: rawVersion.replace(/^v(?=\d)/, "") };
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
