import type { App } from "../core/app.ts";
import type { AppIdentity } from "../core/app-identity.ts";
import type { Release, ReleaseSource } from "../core/release.ts";
import type { RunAs } from "../exec/run-command.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { RebuildRequest } from "../deploys/deploy-service.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import { appTree } from "../host/app-tree.ts";

/**
 * The source recorded on a release built again from a copy of `current`'s build (apps:rename,
 * apps:clone): the commit it came from when known (a rollback or config release names the
 * release whose build it runs: `build`), an upload otherwise.
 */
export function sourceOfCopy(current: Release, build: Release | null = null): ReleaseSource {
  for (const release of [current, build]) {
    const source = release?.source;
    if (source && (source.kind === "git" || source.kind === "rollback") && source.sha !== null && source.ref !== null) {
      return { kind: "git", sha: source.sha, ref: source.ref };
    }
  }
  return { kind: "upload" };
}

/** Where a rebuild copies from: the app whose release it is, and the account that may read its build. */
export interface ServingBuild {
  readonly app: App;
  readonly current: Release;
  /** Given the new release's identity (a redeploy reads as the app itself). */
  readonly reader: (identity: AppIdentity) => RunAs | undefined;
}

/**
 * The source half of a rebuild from `current`'s build (apps:rename, apps:clone, redeploy): the
 * build that release runs (an older one after a rollback), copied into the new release's
 * directory as the reader and written as the new release's own account, and the source to
 * record for it.
 */
export function copyOfServingBuild(
  deps: { readonly layout: Pick<StateLayout, "releaseDir">; readonly releases: Pick<ReleaseStore, "find"> },
  from: ServingBuild,
  copy: typeof appTree.copy = appTree.copy,
): Pick<RebuildRequest, "fill" | "source"> {
  const dir = deps.layout.releaseDir(from.app.name, from.current.buildOf);
  return {
    fill: (target, identity) => copy({ dir, runAs: from.reader(identity) }, { dir: target, runAs: identity.buildAs }),
    source: sourceOfCopy(from.current, deps.releases.find(from.app.id, from.current.buildOf)),
  };
}
