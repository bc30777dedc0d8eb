import { Readable } from "node:stream";
import { apiPaths, type RedeployBody } from "@hop3/contract";
import { defineCommand, jsonLinesOption } from "../command.ts";
import { renderDeployProgress, renderDeploySucceeded } from "../deploy/deploy-progress.ts";
import { followDeploy } from "../deploy/follow-deploy.ts";

/** `hop3 redeploy APP`: builds the source of the app's current release again as a new release (ADR 81). */
export const redeployCommand = defineCommand({
  name: "redeploy",
  summary: "Build and deploy the app's current source again as a new release (current config vars and toolchains), health-checked",
  options: { json: jsonLinesOption },
  args: [{ name: "APP", required: true, description: "Name of the app; its current release's source is built again (see `hop3 releases APP`)" }],
  async run({ args }, { client, progress }) {
    const body: RedeployBody = {};
    const response = await (await client()).upload(apiPaths.redeploy(args.APP), Readable.from([JSON.stringify(body)]), "application/json");
    return followDeploy(response, progress, args.APP);
  },
  render: renderDeploySucceeded,
  renderProgress: renderDeployProgress,
  jsonLines: true,
});

/** `hop3 ps:rebuild APP`: Dokku's name for the same command. */
export const psRebuildCommand = { ...redeployCommand, name: "ps:rebuild", summary: "The same as `hop3 redeploy APP` (Dokku's name for it)" };
