import type { DeployEvent } from "@hop3/contract";
import { formatByteSize } from "../core/byte-size.ts";

/**
 * One deploy event as text lines (after `remote:` in a git push, in a release's output) — the same Heroku-style text as
 * the CLI's renderer (the server cannot import the CLI, so this is a small twin).
 */
export function renderDeployEvent(event: DeployEvent): string[] {
  switch (event.type) {
    case "stage":
      return [`-----> ${event.message}`];
    case "log":
      return [event.line === "" || event.line.startsWith("-----> ") ? event.line : `       ${event.line}`];
    case "warning":
      return [`warning: ${event.message}`];
    case "queued":
      return [`-----> ${queuedText(event)}`];
    case "output-truncated":
      return [`warning: ${truncatedText(event)}`];
    case "succeeded": {
      const seconds = `${Number(event.seconds.toFixed(1))}s`;
      return [event.url === null ? `=====> ${event.app} is deployed, release v${event.release} (${seconds})` : `=====> ${event.app} is live at ${event.url} (${seconds})`];
    }
    case "failed":
      return [`error: ${event.error.message}`, `hint: ${event.error.hint}`];
  }
}

/** The waiting line of a queued deploy (the CLI's renderer has the same words). */
function queuedText(event: Extract<DeployEvent, { type: "queued" }>): string {
  return `Waiting for a build slot (${event.ahead} ahead; this server runs ${event.slots === 1 ? "1 build" : `${event.slots} builds`} at a time, server setting ${event.setting})`;
}

function truncatedText(event: Extract<DeployEvent, { type: "output-truncated" }>): string {
  return `Output truncated: more than ${formatByteSize(event.limitBytes)} of output; the rest is not shown or kept, the deploy goes on (limit: server setting ${event.setting})`;
}
