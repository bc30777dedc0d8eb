import { apiPaths, sbomFormats, type SbomFormat } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { usageError } from "../usage-error.ts";
import { releaseNumber } from "./sbom-diff.ts";

/** `hop3 sbom APP [--release N] [--format F]`: the software bill of materials of a release, as JSON. */
export const sbomCommand = defineCommand({
  name: "sbom",
  summary: "Print the software bill of materials of a release (CycloneDX 1.6 JSON, or SPDX 2.3 JSON)",
  options: {
    release: { type: "string", valueName: "N", description: "Release number (default: the one serving; after a rollback, the SBOM of the build it runs)" },
    format: { type: "string", valueName: "FORMAT", description: `${sbomFormats.join(" or ")} (default: cyclonedx-json, as recorded by the build)` },
  },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args, options }, { client }) {
    const format = (options.format ?? "cyclonedx-json") as SbomFormat;
    if (!sbomFormats.includes(format)) throw usageError(`"${options.format}" is not an SBOM format: use ${sbomFormats.join(" or ")}.`, "sbom");
    const query = new URLSearchParams({ format });
    if (options.release !== undefined) query.set("release", String(releaseNumber(options.release, "sbom")));
    return (await client()).json<Record<string, unknown>>("GET", `${apiPaths.sbom(args.APP)}?${query}`);
  },
  render: (document) => JSON.stringify(document, null, 2),
});
