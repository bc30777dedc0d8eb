import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DeployEvent } from "@hop3/contract";
import type { StateLayout } from "../config/state-layout.ts";
import { renderDeployEvent } from "./render-deploy-event.ts";

/** Where a release's build and deploy output is kept, as the user saw it. */
export function releaseOutputFile(layout: StateLayout, app: string, release: number): string {
  return join(layout.logDir(app), "releases", `${release}.log`);
}

/** Appends each deploy event, as a text line, to the release's output file. */
export function recordOutput(layout: StateLayout, app: string, release: number): (event: DeployEvent) => void {
  const file = releaseOutputFile(layout, app, release);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  return (event) => {
    try {
      appendFileSync(file, `${renderEvent(event)}\n`, { mode: 0o600 });
    } catch {
      // The app was destroyed while its deploy ended; nothing left to record into.
    }
  };
}

export function readOutput(layout: StateLayout, app: string, release: number): string | null {
  try {
    return readFileSync(releaseOutputFile(layout, app, release), "utf8");
  } catch {
    return null;
  }
}

function renderEvent(event: DeployEvent): string {
  // The record names the release, which the live stream's closing line leaves out.
  if (event.type === "succeeded") return `=====> ${event.app} release ${event.release} is live${event.url ? ` at ${event.url}` : ""} (${event.seconds}s)`;
  return renderDeployEvent(event).join("\n");
}
