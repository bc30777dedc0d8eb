import { readdirSync, rmSync } from "node:fs";
import type { App } from "../core/app.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { ReleaseStore } from "./release-store.ts";

/** Deletes the build directories that none of the app's newest `keep` releases runs. */
export function pruneBuilds(layout: StateLayout, releases: ReleaseStore, app: App, keep: number): void {
  const inUse = releases.buildsInUse(app.id, keep);
  let dirs: string[];
  try {
    dirs = readdirSync(layout.releasesDir(app.name));
  } catch {
    return;
  }
  for (const name of dirs) {
    if (/^\d+$/.test(name) && !inUse.has(Number(name))) rmSync(layout.releaseDir(app.name, Number(name)), { recursive: true, force: true });
  }
}
