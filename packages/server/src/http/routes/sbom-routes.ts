import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, SbomDiff, SbomDiffQuery, SbomQuery, sbomContentTypes, sbomHeaders } from "@hop3/contract";
import type { ReleaseSboms } from "../../releases/release-sboms.ts";
import { toSpdx } from "../../sbom/spdx.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 500: Type.Ref(ErrorResponse) };
const secured = { tags: ["releases"], security: [{ bearer: [] }] };
const document = Type.Object({}, { additionalProperties: true });

/** `GET /v1/apps/:app/sbom` and `/sbom/diff`: the SBOM recorded by a release's build, and what changed between two. */
export function sbomRoutes(app: FastifyInstance, deps: { readonly sboms: Pick<ReleaseSboms, "of" | "diff"> }): void {
  app.get<{ Params: Static<typeof AppParams>; Querystring: SbomQuery }>("/v1/apps/:app/sbom", {
    config: { permission: "app:read" },
    schema: {
      ...secured,
      summary: "The software bill of materials of a release: CycloneDX 1.6 JSON as recorded by its build, or SPDX 2.3 JSON made from it",
      description:
        `Headers: \`${sbomHeaders.release}\` (the release asked for), \`${sbomHeaders.build}\` (the release whose build it runs and the SBOM describes) ` +
        `and \`${sbomHeaders.sha256}\` (SHA-256 recorded with the CycloneDX text). A stored SBOM that no longer matches it is SBOM_CORRUPT.`,
      params: AppParams,
      querystring: SbomQuery,
      response: {
        200: { description: "The SBOM", content: { [sbomContentTypes["cyclonedx-json"]]: { schema: document }, [sbomContentTypes["spdx-json"]]: { schema: document } } },
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const format = request.query.format ?? "cyclonedx-json";
      const sbom = deps.sboms.of(request.params.app, request.query.release);
      const body = format === "spdx-json" ? toSpdx(sbom.document) : sbom.document;
      return reply
        .status(200)
        .header("content-type", sbomContentTypes[format])
        .header(sbomHeaders.release, String(sbom.release))
        .header(sbomHeaders.build, String(sbom.build))
        .header(sbomHeaders.sha256, sbom.sha256)
        .send(`${JSON.stringify(body, null, 2)}\n`);
    },
  });
  app.get<{ Params: Static<typeof AppParams>; Querystring: SbomDiffQuery }>("/v1/apps/:app/sbom/diff", {
    config: { permission: "app:read" },
    schema: {
      ...secured,
      summary: "Components added, removed and changed (another version of the same package) between the SBOMs of two releases",
      params: AppParams,
      querystring: SbomDiffQuery,
      response: { 200: Type.Ref(SbomDiff), ...errors },
    },
    handler: async (request) => deps.sboms.diff(request.params.app, request.query.from, request.query.to),
  });
}
