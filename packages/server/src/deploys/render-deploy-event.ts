import type { DeployEvent } from "@hop3/contract";

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
    case "succeeded": {
      const seconds = `${Number(event.seconds.toFixed(1))}s`;
      return [event.url === null ? `=====> ${event.app} is deployed, release v${event.release} (${seconds})` : `=====> ${event.app} is live at ${event.url} (${seconds})`];
    }
    case "failed":
      return [`error: ${event.error.message}`, `hint: ${event.error.hint}`];
  }
}
