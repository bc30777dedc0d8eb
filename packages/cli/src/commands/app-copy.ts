import { Readable } from "node:stream";
import { checkAppName, type DeployEvent, type NewAppNameBody } from "@hop3/contract";
import type { CommandContext } from "../command.ts";
import { renderDeployProgress, type DeployProgress } from "../deploy/deploy-progress.ts";
import { followDeploy } from "../deploy/follow-deploy.ts";

/**
 * Runs `apps:rename` or `apps:clone`: posts the new name, follows the build's event stream.
 * With --json the progress goes to stderr, so that stdout holds the final document only.
 */
export async function runAppCopy(
  path: string,
  app: string,
  newName: string,
  json: boolean,
  { client, progress, io }: CommandContext<DeployProgress>,
): Promise<Extract<DeployEvent, { type: "succeeded" }>> {
  const body: NewAppNameBody = { name: checkAppName(newName) };
  const report = json
    ? (event: DeployProgress) => {
        for (const line of renderDeployProgress(event) ?? []) io.stderr(`${line.text}\n`);
      }
    : progress;
  const response = await (await client()).upload(path, Readable.from([JSON.stringify(body)]), "application/json");
  return followDeploy(response, report, app);
}
