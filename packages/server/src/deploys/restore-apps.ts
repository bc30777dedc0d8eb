import type { AppStore } from "../apps/app-store.ts";
import type { RouteTarget } from "../core/route.ts";
import type { AppIdentities } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { ReleaseLauncher } from "./release-launcher.ts";
import type { ReleaseStore } from "./release-store.ts";
import { targetOf } from "./route-target.ts";

export interface RestoreDeps {
  readonly apps: AppStore;
  readonly releases: ReleaseStore;
  readonly identities: AppIdentities;
  readonly launcher: ReleaseLauncher;
  readonly layout: StateLayout;
}

/**
 * At server start, brings every deployed app back: starts its current release's processes
 * and returns the routing table to load. Apps never deployed get an "unavailable" route.
 */
export async function restoreApps(deps: RestoreDeps): Promise<Map<string, RouteTarget>> {
  const targets = new Map<string, RouteTarget>();
  for (const app of deps.apps.list()) {
    const release = deps.releases.current(app.id);
    if (!release) {
      targets.set(app.name, { kind: "unavailable" });
      continue;
    }
    const identity = await deps.identities.ensure(app.unixUser, deps.layout.appRoot(app.name));
    const units = await deps.launcher.start({
      app: app.name,
      release: release.number,
      releaseDir: deps.layout.releaseDir(app.name, release.number),
      processes: release.processes,
      env: release.env,
      runAs: identity.runAs,
    });
    targets.set(app.name, targetOf(release.staticRoot, units));
  }
  return targets;
}
