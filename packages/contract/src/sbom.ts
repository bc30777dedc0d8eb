import { Type, type Static } from "@sinclair/typebox";

/** The formats `GET /v1/apps/:app/sbom` serves: CycloneDX 1.6 as recorded, or SPDX 2.3 made from it. */
export const sbomFormats = ["cyclonedx-json", "spdx-json"] as const;
export type SbomFormat = (typeof sbomFormats)[number];

export const sbomContentTypes: Record<SbomFormat, string> = {
  "cyclonedx-json": "application/vnd.cyclonedx+json; version=1.6",
  "spdx-json": "application/spdx+json",
};

/** Response headers of an SBOM: which release it is for, which build it describes, and the digest recorded with it. */
export const sbomHeaders = { release: "x-hop3-release", build: "x-hop3-build", sha256: "x-hop3-sbom-sha256" } as const;

export const SbomQuery = Type.Object(
  {
    release: Type.Optional(Type.Integer({ minimum: 1, description: "Release whose SBOM to serve; default: the one serving the app. After a rollback, the SBOM of the build it runs." })),
    format: Type.Optional(Type.Union(sbomFormats.map((format) => Type.Literal(format)), { description: "cyclonedx-json (default, as recorded) or spdx-json" })),
  },
  { additionalProperties: false },
);
export type SbomQuery = Static<typeof SbomQuery>;

export const SbomDiffQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 1, description: "The older release" }),
    to: Type.Integer({ minimum: 1, description: "The newer release" }),
  },
  { additionalProperties: false },
);
export type SbomDiffQuery = Static<typeof SbomDiffQuery>;

const entry = { package: Type.String({ description: "The purl without version, e.g. pkg:pypi/markupsafe" }), name: Type.String() };

/** Components added, removed and changed (another version of the same package) between two releases. */
export const SbomDiff = Type.Object(
  {
    app: Type.String(),
    from: Type.Integer(),
    to: Type.Integer(),
    added: Type.Array(Type.Object({ ...entry, version: Type.String() })),
    removed: Type.Array(Type.Object({ ...entry, version: Type.String() })),
    changed: Type.Array(Type.Object({ ...entry, from: Type.String(), to: Type.String() })),
  },
  { $id: "SbomDiff" },
);
export type SbomDiff = Static<typeof SbomDiff>;
