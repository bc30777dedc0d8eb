import { apiPaths, Hop3Error, type ReleaseList, type ReleaseOutput } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 releases:output APP [RELEASE]`: the build and deploy output a release printed. */
export const releasesOutputCommand = defineCommand({
  name: "releases:output",
  summary: "Show the build and deploy output of a release (default: the newest)",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "RELEASE", required: false, description: "Release number (default: the newest release)" },
  ],
  async run({ args }, { client }) {
    const api = await client();
    let release = args.RELEASE === undefined ? undefined : Number(args.RELEASE.replace(/^v/, ""));
    if (release !== undefined && (!Number.isInteger(release) || release < 1)) throw usageError(`"${args.RELEASE}" is not a release number.`, "releases:output");
    if (release === undefined) {
      const newest = (await api.json<ReleaseList>("GET", apiPaths.releases(args.APP))).releases[0];
      if (!newest) throw new Hop3Error("RELEASE_NOT_FOUND", `App "${args.APP}" has no releases yet.`);
      release = newest.number;
    }
    return api.json<ReleaseOutput>("GET", apiPaths.releaseOutput(args.APP, release));
  },
  render: ({ output }) => output.replace(/\n$/, ""),
});
