import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { apiPaths, Hop3Error, type ChangeConfigBody, type ConfigChanged, type DeployEvent } from "@hop3/contract";
import type { ApiClient } from "../http/api-client.ts";
import { renderDeploySucceeded } from "../deploy/deploy-progress.ts";
import { followDeploy } from "../deploy/follow-deploy.ts";

/** What a config change gives back: the restart's last event, or the saved change without restart. */
export type ConfigChangeResult = Extract<DeployEvent, { type: "succeeded" }> | ConfigChanged;

/**
 * Sends a config change. With a restart the server streams deploy events (rendered like a
 * rollback); without one it answers a JSON document.
 */
export async function changeConfig(client: ApiClient, app: string, body: ChangeConfigBody, progress: (event: DeployEvent) => void): Promise<ConfigChangeResult> {
  const response = await client.upload(apiPaths.config(app), Readable.from([JSON.stringify(body)]), "application/json");
  const type = (response as Partial<IncomingMessage>).headers?.["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    const raw = await text(response);
    try {
      return JSON.parse(raw) as ConfigChanged;
    } catch {
      throw new Hop3Error("INTERNAL", `The server answered the config change of ${app} with a body that is not JSON.`);
    }
  }
  return followDeploy(response, progress, app);
}

export function renderConfigChange(result: ConfigChangeResult): string {
  if ("type" in result) return renderDeploySucceeded(result);
  const what = [result.set.length ? `set ${result.set.join(", ")}` : "", result.unset.length ? `unset ${result.unset.join(", ")}` : ""].filter(Boolean).join("; ");
  return `=====> ${result.app}: ${what}; not restarted (${result.reason}): the values apply at the next deploy, rollback or restart.`;
}
