import { test } from "node:test";
import assert from "node:assert/strict";
import { cycloneDxProblems } from "../../../../test/support/cyclonedx-schema.ts";
import { cycloneDxDocument, type SbomSubject } from "./cyclonedx.ts";
import { diffSboms } from "./sbom-diff.ts";
import { toSpdx } from "./spdx.ts";
import { purl, type SbomComponent } from "./sbom-component.ts";

const subject: SbomSubject = { app: "shop", release: 3, builder: "python", sourceCommit: "0123456789abcdef0123456789abcdef01234567", builtAt: "2026-12-03T07:00:00.000Z", serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", toolVersion: "0.1.0" };
const lib = (name: string, version: string, extra: Partial<SbomComponent> = {}): SbomComponent => ({ type: "library", name, version, purl: purl("pypi", name, version), licenses: [], hashes: [], ...extra });

test("a release's document validates against CycloneDX 1.6 and names the app, release, commit, builder and build time", () => {
  const bom = cycloneDxDocument(subject, [
    lib("flask", "3.1.3", { licenses: ["BSD-3-Clause"] }),
    lib("odd", "1.0", { licenses: ["BSD License"], hashes: [{ alg: "SHA-256", content: "a".repeat(64) }] }),
    lib("dual", "2.0", { licenses: ["MIT OR Apache-2.0"] }),
    lib("flask", "3.1.3"),
    { type: "platform", name: "python", version: "3.11.2", purl: purl("generic", "python", "3.11.2"), licenses: [], hashes: [], properties: { "hop3:executable": "/usr/bin/python3.11" } },
  ]);
  assert.deepEqual(cycloneDxProblems(bom), []);
  assert.equal(bom.components.length, 4, "one component per purl");
  assert.deepEqual(
    Object.fromEntries(bom.metadata.properties.map((p) => [p.name, p.value])),
    { "hop3:app": "shop", "hop3:release": "3", "hop3:builder": "python", "hop3:built-at": subject.builtAt, "hop3:source-commit": subject.sourceCommit },
  );
  assert.deepEqual(bom.components.find((c) => c.name === "odd")?.licenses, [{ license: { name: "BSD License" } }]);
  assert.deepEqual(bom.components.find((c) => c.name === "dual")?.licenses, [{ expression: "MIT OR Apache-2.0" }]);
  assert.equal(bom.dependencies[0]?.dependsOn.length, 4);
});

test("the schema check the tests rely on rejects a document it should", () => {
  const bom = cycloneDxDocument(subject, [lib("flask", "3.1.3")]);
  assert.notDeepEqual(cycloneDxProblems({ ...bom, components: [{ ...bom.components[0], type: "gadget" }] }), []);
  assert.notDeepEqual(cycloneDxProblems({ ...bom, specVersion: undefined }), []);
});

test("SPDX 2.3: the same components with purls, checksums and declared licences; names-only licences are NOASSERTION", () => {
  const spdx = toSpdx(cycloneDxDocument(subject, [lib("a", "1", { licenses: ["MIT"], hashes: [{ alg: "SHA-256", content: "b".repeat(64) }] }), lib("c", "2", { licenses: ["BSD License"] })])) as {
    spdxVersion: string;
    packages: Record<string, unknown>[];
    relationships: unknown[];
  };
  assert.equal(spdx.spdxVersion, "SPDX-2.3");
  assert.deepEqual(spdx.packages[1], {
    SPDXID: "SPDXRef-Package-1",
    name: "a",
    versionInfo: "1",
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    licenseConcluded: "NOASSERTION",
    licenseDeclared: "MIT",
    primaryPackagePurpose: "LIBRARY",
    checksums: [{ algorithm: "SHA256", checksumValue: "b".repeat(64) }],
    externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:pypi/a@1" }],
  });
  assert.equal(spdx.packages[2]?.licenseDeclared, "NOASSERTION");
  assert.equal(spdx.relationships.length, 3);
});

test("a diff lists a version bump as changed, and packages that come or go as added or removed", () => {
  const before = cycloneDxDocument(subject, [lib("markupsafe", "3.0.4"), lib("gone", "1.0"), lib("same", "1.0")]);
  const after = cycloneDxDocument({ ...subject, release: 4 }, [lib("markupsafe", "3.0.3"), lib("new", "0.1"), lib("same", "1.0")]);
  assert.deepEqual(diffSboms(before, after), {
    added: [{ package: "pkg:pypi/new", name: "new", version: "0.1" }],
    removed: [{ package: "pkg:pypi/gone", name: "gone", version: "1.0" }],
    changed: [{ package: "pkg:pypi/markupsafe", name: "markupsafe", from: "3.0.4", to: "3.0.3" }],
  });
  assert.deepEqual(diffSboms(before, before), { added: [], removed: [], changed: [] });
});

test("the dependency graph: each component's known needs, the app depending on its direct ones and on all nothing else needs", () => {
  const a = lib("a", "1", { dependsOn: [purl("pypi", "b", "1"), purl("pypi", "gone", "1"), purl("pypi", "a", "1")], direct: true });
  const b = lib("b", "1", { dependsOn: [] });
  const c = lib("c", "1", { dependsOn: [purl("pypi", "b", "1")], direct: true });
  const flat = lib("flat", "1");
  const bom = cycloneDxDocument(subject, [a, b, c, flat]);
  assert.deepEqual(cycloneDxProblems(bom), []);
  assert.deepEqual(bom.dependencies, [
    { ref: "app:shop@3", dependsOn: [a.purl, c.purl, flat.purl] },
    { ref: a.purl, dependsOn: [b.purl] },
    { ref: b.purl, dependsOn: [] },
    { ref: c.purl, dependsOn: [b.purl] },
  ]);
  const spdx = toSpdx(bom) as { relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] };
  assert.equal(spdx.relationships.filter((r) => r.relationshipType === "DEPENDS_ON").length, 5);
});
