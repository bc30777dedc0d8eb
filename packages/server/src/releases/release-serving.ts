import type { StateLayout } from "../config/state-layout.ts";
import { BackgroundWork } from "./background-work.ts";
import { pruneBuilds, type PruneRequest } from "./prune-builds.ts";
import type { ReleaseStore } from "./release-store.ts";
import { ReleaseSwitcher, type SwitcherDeps } from "./release-switcher.ts";
import type { ServeReleaseDeps } from "./serve-release.ts";

export interface ReleaseServingOptions extends SwitcherDeps {
  readonly releases: ReleaseStore;
  readonly layout: StateLayout;
  /** How many of the newest releases keep their build. */
  readonly keepReleases: number;
  readonly onBackgroundError: (error: unknown, what: string) => void;
  /** The releases' SBOMs, pruned with their builds. */
  readonly sboms: PruneRequest["sboms"];
}

/** The releases layer's factory for `compose.ts`: the switcher, the background work, and `serveRelease`'s deps. */
export function releaseServing(options: ReleaseServingOptions): { switcher: ReleaseSwitcher; background: BackgroundWork; serving: ServeReleaseDeps } {
  const { releases, layout, keepReleases, onBackgroundError, sboms, ...switcherDeps } = options;
  const switcher = new ReleaseSwitcher(switcherDeps);
  const background = new BackgroundWork(onBackgroundError);
  const prune: ServeReleaseDeps["prune"] = (app, identity) => pruneBuilds({ layout, releases, app, identity, keep: keepReleases, sboms });
  return { switcher, background, serving: { switcher, releases, background, prune } };
}
