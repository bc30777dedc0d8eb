import type { SbomComponent } from "./sbom-component.ts";

/** What the SBOM says of the release itself (CycloneDX `metadata`). */
export interface SbomSubject {
  readonly app: string;
  readonly release: number;
  readonly builder: string;
  /** The git commit the release was built from, when it came from one. */
  readonly sourceCommit: string | null;
  readonly builtAt: string;
  readonly serialNumber: string;
  readonly toolVersion: string;
}

/** A CycloneDX 1.6 JSON document as Hop3 writes it (the fields it reads back). */
export interface CycloneDxDocument {
  readonly bomFormat: "CycloneDX";
  readonly specVersion: "1.6";
  readonly serialNumber: string;
  readonly version: number;
  readonly metadata: {
    readonly timestamp: string;
    readonly tools: { readonly components: readonly CycloneDxComponent[] };
    readonly component: CycloneDxComponent;
    readonly properties: readonly { name: string; value: string }[];
  };
  readonly components: readonly CycloneDxComponent[];
  readonly dependencies: readonly { ref: string; dependsOn: readonly string[] }[];
}

export interface CycloneDxComponent {
  readonly type: string;
  readonly "bom-ref": string;
  readonly name: string;
  readonly group?: string;
  readonly version?: string;
  readonly purl?: string;
  readonly licenses?: readonly ({ license: { id: string } | { name: string } } | { expression: string })[];
  readonly hashes?: readonly { alg: string; content: string }[];
  readonly properties?: readonly { name: string; value: string }[];
}

/** The document of one release: its components in a stable order (by purl), the app as the subject depending on all of them. */
export function cycloneDxDocument(subject: SbomSubject, components: readonly SbomComponent[]): CycloneDxDocument {
  const appRef = `app:${subject.app}@${subject.release}`;
  const sorted = dedupe(components).sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  const properties = [
    { name: "hop3:app", value: subject.app },
    { name: "hop3:release", value: String(subject.release) },
    { name: "hop3:builder", value: subject.builder },
    { name: "hop3:built-at", value: subject.builtAt },
    ...(subject.sourceCommit ? [{ name: "hop3:source-commit", value: subject.sourceCommit }] : []),
  ];
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: subject.serialNumber,
    version: 1,
    metadata: {
      timestamp: subject.builtAt,
      tools: { components: [{ type: "application", "bom-ref": "tool:hop3-server", name: "hop3-server", version: subject.toolVersion }] },
      component: { type: "application", "bom-ref": appRef, name: subject.app, version: String(subject.release), properties },
      properties,
    },
    components: sorted.map(toCycloneDx),
    dependencies: dependencyGraph(appRef, sorted),
  };
}

/**
 * Who depends on whom: an entry per component whose reader knows its dependencies (an empty
 * list when it needs none), and the app depending on its direct dependencies and on every
 * component nothing else needs (the runtime, and all of a reader that gives no edges).
 */
function dependencyGraph(appRef: string, components: readonly SbomComponent[]): CycloneDxDocument["dependencies"] {
  const refs = new Set(components.map((c) => c.purl));
  const needed = new Set<string>();
  const edges: { ref: string; dependsOn: string[] }[] = [];
  for (const component of components) {
    if (component.dependsOn === undefined) continue;
    const dependsOn = [...new Set(component.dependsOn)].filter((ref) => ref !== component.purl && refs.has(ref)).sort();
    for (const ref of dependsOn) needed.add(ref);
    edges.push({ ref: component.purl, dependsOn });
  }
  const app = components.filter((c) => c.direct === true || !needed.has(c.purl)).map((c) => c.purl);
  return [{ ref: appRef, dependsOn: app }, ...edges];
}

function toCycloneDx(component: SbomComponent): CycloneDxComponent {
  const properties = Object.entries(component.properties ?? {}).map(([name, value]) => ({ name, value }));
  return {
    type: component.type,
    "bom-ref": component.purl,
    name: component.name,
    ...(component.group ? { group: component.group } : {}),
    version: component.version,
    purl: component.purl,
    ...(component.licenses.length > 0 ? { licenses: licenseChoice(component.licenses) } : {}),
    ...(component.hashes.length > 0 ? { hashes: component.hashes } : {}),
    ...(properties.length > 0 ? { properties } : {}),
  };
}

/** One SPDX expression when the package declares one (`MIT OR Apache-2.0`), else named licences. */
function licenseChoice(licenses: readonly string[]): NonNullable<CycloneDxComponent["licenses"]> {
  const [only] = licenses;
  if (licenses.length === 1 && only !== undefined && / (OR|AND|WITH) /.test(only)) return [{ expression: only }];
  return licenses.map((license) => (/^[A-Za-z0-9.+-]+$/.test(license) && !/\s/.test(license) && spdxLike(license) ? { license: { id: license } } : { license: { name: license } }));
}

/**
 * The schema checks `license.id` against SPDX's list: only identifiers shaped like common
 * SPDX ids are sent as ids; anything else (a classifier such as "BSD License") as a name.
 */
function spdxLike(license: string): boolean {
  return spdxIds.has(license);
}

const spdxIds = new Set([
  "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
  "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MPL-2.0", "0BSD", "Unlicense", "CC0-1.0", "Zlib",
  "PSF-2.0", "Python-2.0", "BlueOak-1.0.0", "Artistic-2.0", "EPL-2.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "CC-BY-4.0", "WTFPL",
]);

/** One component per purl; the same package found twice (two readers, two paths) keeps the edges of both. */
function dedupe(components: readonly SbomComponent[]): SbomComponent[] {
  const byPurl = new Map<string, SbomComponent>();
  for (const component of components) {
    const seen = byPurl.get(component.purl);
    if (seen === undefined) byPurl.set(component.purl, component);
    else if (component.dependsOn !== undefined || component.direct === true) {
      byPurl.set(component.purl, { ...seen, dependsOn: [...(seen.dependsOn ?? []), ...component.dependsOn ?? []], direct: seen.direct === true || component.direct === true });
    }
  }
  return [...byPurl.values()];
}
