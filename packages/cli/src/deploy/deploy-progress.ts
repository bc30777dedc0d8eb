import type { DeployEvent } from "@hop3/contract";
import type { ProgressLine } from "../command.ts";
import { formatBytes } from "../format/bytes.ts";
import { plural } from "../format/plural.ts";

/** What a deploy reports while it runs: the upload, then the server's events. */
export type DeployProgress = { type: "upload"; files: number; bytes: number } | DeployEvent;

/** Renders one progress event, Heroku style. Terminal events are the command's result or error. */
export function renderDeployProgress(event: DeployProgress): ProgressLine | undefined {
  switch (event.type) {
    case "upload":
      return { stream: "stderr", text: `-----> Uploading ${plural(event.files, "file")} (${formatBytes(event.bytes)})` };
    case "stage":
      return { stream: "stdout", text: `-----> ${event.message}` };
    case "log":
      // Builders head their own steps with "-----> ", like the server's stages: keep them flush left.
      return { stream: "stdout", text: event.line === "" || event.line.startsWith("-----> ") ? event.line : `       ${event.line}` };
    case "warning":
      return { stream: "stderr", text: `warning: ${event.message}` };
    case "queued":
      return { stream: "stdout", text: `-----> Waiting for a build slot (${event.ahead} ahead; this server runs ${plural(event.slots, "build")} at a time, server setting ${event.setting})` };
    case "output-truncated":
      return { stream: "stderr", text: `warning: Output truncated: more than ${binarySize(event.limitBytes)} of output; the rest is not shown or kept, the deploy goes on (limit: server setting ${event.setting})` };
    default:
      return undefined;
  }
}

/** The closing line of a successful deploy. */
export function renderDeploySucceeded(event: Extract<DeployEvent, { type: "succeeded" }>): string {
  const seconds = `${Number(event.seconds.toFixed(1))}s`;
  if (event.url === null) return `=====> ${event.app} is deployed, release v${event.release} (${seconds})`;
  return `=====> ${event.app} is live at ${event.url} (${seconds})`;
}

/** A server limit as the server's setting writes it (binary units: `10M` is 10 MiB). */
function binarySize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MiB` : `${Number((bytes / 1024).toFixed(1))} KiB`;
}
