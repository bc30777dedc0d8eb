import { apiPaths, type ReleaseList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** `hop3 releases APP`: the app's releases, newest first. */
export const releasesCommand = defineCommand({
  name: "releases",
  summary: "List an app's releases, newest first (* marks the one serving; DRAINING counts old instances still being stopped)",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<ReleaseList>("GET", apiPaths.releases(args.APP));
  },
  render({ app, releases }) {
    if (releases.length === 0) return `${app} has no releases yet. Deploy it with \`hop3 deploy\`.`;
    // Only while a replaced release's instances finish in the background (after a deploy returned).
    const draining = releases.some((release) => release.draining > 0);
    return formatTable(
      ["RELEASE", "STATUS", "SOURCE", "BUILDER", "CREATED", "ROLLBACK", ...(draining ? ["DRAINING"] : [])],
      releases.map((release) => [
        `${release.current ? "*" : " "}v${release.number}`,
        release.status,
        release.source === "rollback" ? `rollback to v${release.rollbackOf}` : release.source === "config" ? "config" : release.gitSha ? `git ${release.gitSha.slice(0, 7)}` : release.source,
        release.builder ?? "-",
        release.createdAt.replace("T", " ").slice(0, 19),
        release.current ? "-" : release.buildKept ? "possible" : "-",
        ...(draining ? [release.draining > 0 ? String(release.draining) : "-"] : []),
      ]),
    );
  },
});
