/** One hash of a component, as its package manager gives it (CycloneDX algorithm names). */
export interface ComponentHash {
  readonly alg: "SHA-1" | "SHA-256" | "SHA-512";
  /** Lowercase hex. */
  readonly content: string;
}

/** A component of a release's SBOM, independent of the output format. */
export interface SbomComponent {
  readonly type: "library" | "platform" | "operating-system";
  readonly name: string;
  /** Scoped packages and Maven/Composer vendors: `@types`, `org.slf4j`, `symfony`. */
  readonly group?: string | undefined;
  readonly version: string;
  /** The package URL (https://github.com/package-url/purl-spec), the component's identity. */
  readonly purl: string;
  /** SPDX expressions or identifiers, as the package declares them. */
  readonly licenses: readonly string[];
  readonly hashes: readonly ComponentHash[];
  /** Where Hop3 read it, and other facts (`hop3:origin`, `hop3:executable`, `hop3:debian-package`). */
  readonly properties?: Readonly<Record<string, string>> | undefined;
  /**
   * The purls of the components this one needs, when its lockfile or tool says (Cargo.lock,
   * package-lock.json, composer.lock, Maven's tree, go.mod files, Requires-Dist); absent when unknown.
   */
  readonly dependsOn?: readonly string[] | undefined;
  /** True when the app itself requires it (a direct dependency); the app also depends on every component nothing else needs. */
  readonly direct?: boolean | undefined;
}

/** Lowercase hex of a base64 digest (npm `integrity`, Go `h1:`). */
export function base64ToHex(value: string): string {
  return Buffer.from(value, "base64").toString("hex");
}

/** `sha512-<base64>` (npm's Subresource Integrity) as a CycloneDX hash, or none for other algorithms. */
export function integrityHash(integrity: unknown): ComponentHash[] {
  if (typeof integrity !== "string") return [];
  const match = /^(sha1|sha256|sha512)-([A-Za-z0-9+/=]+)$/.exec(integrity.split(" ")[0] ?? "");
  if (!match?.[1] || !match[2]) return [];
  const alg = ({ sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" } as const)[match[1] as "sha1" | "sha256" | "sha512"];
  return [{ alg, content: base64ToHex(match[2]) }];
}

/** Percent-encodes one purl segment (name, namespace part, version) as the purl spec asks. */
export function purlSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/g, ":");
}

/** `pkg:<type>/<namespace>/<name>@<version>` with each segment encoded. */
export function purl(type: string, name: string, version: string, namespace?: string, qualifiers?: Readonly<Record<string, string>>): string {
  const ns = namespace ? `${namespace.split("/").map(purlSegment).join("/")}/` : "";
  const query = qualifiers && Object.keys(qualifiers).length > 0 ? `?${Object.entries(qualifiers).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${purlSegment(v)}`).join("&")}` : "";
  return `pkg:${type}/${ns}${purlSegment(name)}@${purlSegment(version)}${query}`;
}
