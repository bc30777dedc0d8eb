import { renderDeployEvent, type DeployEvent } from "@hop3/contract";
import type { ProgressLine } from "../command.ts";
import { formatBytes } from "../format/bytes.ts";
import { plural } from "../format/plural.ts";

/** What a deploy reports while it runs: the upload, then the server's events. */
export type DeployProgress = { type: "upload"; files: number; bytes: number } | DeployEvent;

/**
 * Renders one progress event with the contract's renderer (the same words as `git push`).
 * Terminal events are the command's result or error, rendered by the runner.
 */
export function renderDeployProgress(event: DeployProgress): ProgressLine[] | undefined {
  if (event.type === "upload") return [{ stream: "stderr", text: `-----> Uploading ${plural(event.files, "file")} (${formatBytes(event.bytes)})` }];
  if (event.type === "succeeded" || event.type === "failed") return undefined;
  return renderDeployEvent(event);
}

/** The closing line of a successful deploy. */
export function renderDeploySucceeded(event: Extract<DeployEvent, { type: "succeeded" }>): string {
  return renderDeployEvent(event).map((line) => line.text).join("\n");
}
