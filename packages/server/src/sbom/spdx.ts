import type { CycloneDxComponent, CycloneDxDocument } from "./cyclonedx.ts";

/** An SPDX 2.3 JSON document made from a release's CycloneDX SBOM (the same components, no new facts). */
export function toSpdx(bom: CycloneDxDocument): Record<string, unknown> {
  const subject = bom.metadata.component;
  const appId = "SPDXRef-App";
  const packages = bom.components.map((component, index) => spdxPackage(component, `SPDXRef-Package-${index + 1}`));
  const serial = bom.serialNumber.replace(/^urn:uuid:/, "");
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: `${subject.name} release ${subject.version ?? ""}`.trim(),
    documentNamespace: `https://hop3.invalid/spdx/${encodeURIComponent(subject.name)}/${encodeURIComponent(subject.version ?? "")}/${serial}`,
    creationInfo: {
      created: bom.metadata.timestamp.replace(/\.\d+Z$/, "Z"),
      creators: bom.metadata.tools.components.map((tool) => `Tool: ${tool.name}-${tool.version ?? "unknown"}`),
    },
    packages: [
      { SPDXID: appId, name: subject.name, versionInfo: subject.version, downloadLocation: "NOASSERTION", filesAnalyzed: false, primaryPackagePurpose: "APPLICATION" },
      ...packages.map(({ spdx }) => spdx),
    ],
    relationships: [
      { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: appId },
      ...dependsOn(bom, appId, packages),
    ],
  };
}

/** The CycloneDX dependency graph as DEPENDS_ON relationships (every package under the app when a document has no graph). */
function dependsOn(bom: CycloneDxDocument, appId: string, packages: readonly { id: string; ref: string }[]): Record<string, string>[] {
  const ids = new Map(packages.map(({ id, ref }) => [ref, id]));
  const appRef = bom.metadata.component["bom-ref"];
  const graph = bom.dependencies ?? [];
  if (graph.length === 0) return packages.map(({ id }) => ({ spdxElementId: appId, relationshipType: "DEPENDS_ON", relatedSpdxElement: id }));
  return graph.flatMap(({ ref, dependsOn: targets }) => {
    const from = ref === appRef ? appId : ids.get(ref);
    if (from === undefined) return [];
    return targets.flatMap((target) => {
      const to = ids.get(target);
      return to === undefined ? [] : [{ spdxElementId: from, relationshipType: "DEPENDS_ON", relatedSpdxElement: to }];
    });
  });
}

const algorithms: Record<string, string> = { "SHA-1": "SHA1", "SHA-256": "SHA256", "SHA-512": "SHA512" };

function spdxPackage(component: CycloneDxComponent, id: string): { id: string; ref: string; spdx: Record<string, unknown> } {
  const declared = (component.licenses ?? []).map((choice) => ("expression" in choice ? choice.expression : "id" in choice.license ? choice.license.id : null));
  // A licence known only by name is not an SPDX expression: SPDX says NOASSERTION rather than guess.
  const licenseDeclared = declared.length > 0 && declared.every((l) => l !== null) ? declared.join(" AND ") : "NOASSERTION";
  return {
    id,
    ref: component["bom-ref"],
    spdx: {
      SPDXID: id,
      name: component.group ? `${component.group}/${component.name}` : component.name,
      versionInfo: component.version,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared,
      primaryPackagePurpose: component.type === "platform" ? "APPLICATION" : component.type === "operating-system" ? "OPERATING-SYSTEM" : "LIBRARY",
      ...(component.hashes && component.hashes.length > 0 ? { checksums: component.hashes.map((hash) => ({ algorithm: algorithms[hash.alg] ?? hash.alg, checksumValue: hash.content })) } : {}),
      ...(component.purl ? { externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: component.purl }] } : {}),
    },
  };
}
