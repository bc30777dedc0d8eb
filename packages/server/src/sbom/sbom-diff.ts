import type { CycloneDxComponent, CycloneDxDocument } from "./cyclonedx.ts";

export interface DiffEntry {
  /** The purl without its version: `pkg:pypi/markupsafe`, what stays the same across versions. */
  readonly package: string;
  readonly name: string;
}

export interface SbomDiff {
  readonly added: readonly (DiffEntry & { readonly version: string })[];
  readonly removed: readonly (DiffEntry & { readonly version: string })[];
  readonly changed: readonly (DiffEntry & { readonly from: string; readonly to: string })[];
}

/** Components added, removed and changed (another version of the same package) from `from` to `to`, sorted by package. */
export function diffSboms(from: CycloneDxDocument, to: CycloneDxDocument): SbomDiff {
  const before = byPackage(from.components);
  const after = byPackage(to.components);
  const added: SbomDiff["added"][number][] = [];
  const removed: SbomDiff["removed"][number][] = [];
  const changed: SbomDiff["changed"][number][] = [];
  for (const [key, versions] of after) {
    const old = before.get(key);
    if (!old) {
      for (const [version, name] of versions) added.push({ package: key, name, version });
      continue;
    }
    const gone = [...old.keys()].filter((v) => !versions.has(v));
    const fresh = [...versions.keys()].filter((v) => !old.has(v));
    // One version replaced by one other: a change; anything else is listed as added and removed.
    if (gone.length === 1 && fresh.length === 1 && gone[0] !== undefined && fresh[0] !== undefined) changed.push({ package: key, name: versions.get(fresh[0]) ?? key, from: gone[0], to: fresh[0] });
    else {
      for (const v of fresh) added.push({ package: key, name: versions.get(v) ?? key, version: v });
      for (const v of gone) removed.push({ package: key, name: old.get(v) ?? key, version: v });
    }
  }
  for (const [key, versions] of before) if (!after.has(key)) for (const [version, name] of versions) removed.push({ package: key, name, version });
  const order = (a: DiffEntry, b: DiffEntry) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0);
  return { added: added.sort(order), removed: removed.sort(order), changed: changed.sort(order) };
}

/** package key → version → display name. */
function byPackage(components: readonly CycloneDxComponent[]): Map<string, Map<string, string>> {
  const map = new Map<string, Map<string, string>>();
  for (const component of components) {
    const key = packageKey(component);
    const versions = map.get(key) ?? new Map<string, string>();
    versions.set(component.version ?? "", component.group ? `${component.group}/${component.name}` : component.name);
    map.set(key, versions);
  }
  return map;
}

/** The purl without version and qualifiers; the type and name for a component without one. */
export function packageKey(component: CycloneDxComponent): string {
  const purl = component.purl;
  if (!purl) return `${component.type}:${component.group ?? ""}/${component.name}`;
  const at = purl.lastIndexOf("@");
  return at > 0 ? purl.slice(0, at) : purl.split("?")[0] ?? purl;
}
