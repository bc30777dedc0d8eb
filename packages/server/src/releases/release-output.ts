import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderDeployEvent, type DeployEvent } from "@hop3/contract";
import type { StateLayout } from "../config/state-layout.ts";

/** Where a release's build and deploy output is kept, as the user saw it. */
export function releaseOutputFile(layout: Pick<StateLayout, "logDir">, app: string, release: number): string {
  return join(layout.logDir(app), "releases", `${release}.log`);
}

/** Appends each deploy event, as a text line, to the release's output file. */
export function recordOutput(layout: StateLayout, app: string, release: number): (event: DeployEvent) => void {
  const file = releaseOutputFile(layout, app, release);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  return (event) => {
    try {
      appendFileSync(file, `${renderDeployEvent(event, "record").map((line) => line.text).join("\n")}\n`, { mode: 0o600 });
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
