import { Readable } from "node:stream";
import { apiPaths } from "@hop3/contract";
import { defineCommand, jsonLinesOption } from "../command.ts";
import { renderDeployProgress, renderDeploySucceeded } from "../deploy/deploy-progress.ts";
import { followDeploy } from "../deploy/follow-deploy.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 rollback APP [RELEASE]`: runs a kept release again, without a build. */
export const rollbackCommand = defineCommand({
  name: "rollback",
  summary: "Run an earlier release again (its build and config), with the health-checked switch",
  options: { json: jsonLinesOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "RELEASE", required: false, description: "Release number (default: the one before the current release); see `hop3 releases APP`" },
  ],
  async run({ args }, { client, progress }) {
    const release = args.RELEASE === undefined ? undefined : Number(args.RELEASE.replace(/^v/, ""));
    if (release !== undefined && (!Number.isInteger(release) || release < 1)) throw usageError(`"${args.RELEASE}" is not a release number.`, "rollback");
    const body = JSON.stringify(release === undefined ? {} : { release });
    const response = await (await client()).upload(apiPaths.rollbacks(args.APP), Readable.from([body]), "application/json");
    return followDeploy(response, progress, args.APP);
  },
  render: renderDeploySucceeded,
  renderProgress: renderDeployProgress,
  jsonLines: true,
});
