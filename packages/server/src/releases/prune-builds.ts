import { readdirSync } from "node:fs";
import type { App } from "../core/app.ts";
import type { AppIdentity } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { appTree } from "../host/app-tree.ts";
import type { ReleaseStore } from "./release-store.ts";
import type { SbomStore } from "./sbom-store.ts";

export interface PruneRequest {
  readonly layout: StateLayout;
  readonly releases: ReleaseStore;
  readonly app: App;
  readonly identity: AppIdentity;
  /** How many of the newest releases keep their build. */
  readonly keep: number;
  /** The builds' SBOMs, pruned with them. */
  readonly sboms: Pick<SbomStore, "pruneExcept">;
}

/**
 * Deletes the build directories that none of the app's newest `keep` releases runs, as the
 * app's user: the app may have planted links in them. Best effort: a build left behind is
 * pruned by a later deploy, and never fails this one.
 */
export async function pruneBuilds(request: PruneRequest): Promise<void> {
  const { layout, releases, app, identity, keep } = request;
  const inUse = releases.buildsInUse(app.id, keep);
  request.sboms.pruneExcept(app.id, inUse);
  let names: string[];
  try {
    names = readdirSync(layout.releasesDir(app.name));
  } catch {
    return;
  }
  const stale = names.filter((name) => /^\d+$/.test(name) && !inUse.has(Number(name))).map((name) => layout.releaseDir(app.name, Number(name)));
  await appTree.remove(identity.buildAs, stale).catch(() => undefined);
}
