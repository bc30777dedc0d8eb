import type { AppStore } from "../apps/app-store.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import type { RouteTarget } from "../core/route.ts";
import type { AppIdentities } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { killTree } from "../exec/kill-tree.ts";
import { appTree } from "../host/app-tree.ts";
import { isStillRunning } from "../exec/process-identity.ts";
import type { InstanceRecord, PidFiles } from "../runtime/pid-files.ts";
import type { ReleaseLauncher } from "../releases/release-launcher.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import { targetOf } from "../routing/route-target.ts";

export interface RestoreDeps {
  readonly apps: AppStore;
  readonly releases: ReleaseStore;
  readonly identities: AppIdentities;
  readonly launcher: ReleaseLauncher;
  readonly layout: StateLayout;
  readonly pidFiles: PidFiles;
  /** Process types stopped on purpose (`hop3 ps:stop`): a restart or a reboot leaves them stopped. */
  readonly stopped?: StoppedProcesses | undefined;
  /** Where, how and how many (`hop3 ps:scale`: every index is adopted or started) of each release. */
  readonly contexts: RunContexts;
}

/** What a server start found and did, for its log. */
export interface RestoreReport {
  readonly routes: Map<string, RouteTarget>;
  readonly adopted: number;
  readonly started: number;
  readonly interruptedDeploys: number;
}

/**
 * At server start, brings every deployed app back to its current release: instances still
 * running from the previous server run are adopted (same pids), missing ones are started.
 * Deploys cut short by a crash are marked failed and whatever they had started is stopped,
 * so an app always comes back on its last good release.
 */
export async function restoreApps(deps: RestoreDeps): Promise<RestoreReport> {
  const routes = new Map<string, RouteTarget>();
  let adopted = 0;
  let started = 0;
  let interruptedDeploys = 0;
  for (const app of deps.apps.list()) {
    const identity = await deps.identities.ensure(app.unixUser, deps.layout.appRoot(app.name));
    for (const release of deps.releases.interrupted(app.id)) {
      deps.releases.finish(release.id, { status: "failed", error: "The server stopped during this deploy; the previous release kept serving." });
      // As the app (it may have planted links there); a directory left behind is pruned later.
      await appTree.remove(identity.buildAs, [deps.layout.releaseDir(app.name, release.number)]).catch(() => undefined);
      interruptedDeploys += 1;
    }
    const release = deps.releases.current(app.id);
    const stoppedTypes = deps.stopped?.typesOf(app.id) ?? new Set<string>();
    const records = deps.pidFiles.list(app.name);
    const context = release ? await deps.contexts.of(app, release, identity) : null;
    const counts = context?.instances ?? {};
    // Instances past the type's scale (scaled down while the server was away) are not kept.
    const wanted = (record: InstanceRecord) => record.release === release?.number && !stoppedTypes.has(record.type) && record.index <= (counts[record.type] ?? 1);
    const live = records.filter((record) => wanted(record) && isStillRunning(record));
    for (const record of records.filter((r) => !live.includes(r))) {
      if (isStillRunning(record)) killTree(record.pid, "SIGKILL");
      deps.pidFiles.remove(record);
    }
    if (!release || !context) {
      routes.set(app.name, { kind: "undeployed" });
      continue;
    }
    const units = await deps.launcher.restore(
      { ...context, processes: Object.fromEntries(Object.entries(release.processes).filter(([type]) => !stoppedTypes.has(type))) },
      live,
    );
    const adoptedHere = units.filter((unit) => live.some((record) => record.pid === unit.pid)).length;
    adopted += adoptedHere;
    started += units.length - adoptedHere;
    const allStopped = Object.keys(release.processes).length > 0 && Object.keys(release.processes).every((type) => stoppedTypes.has(type));
    routes.set(app.name, stoppedTypes.has("web") || allStopped ? { kind: "stopped" } : targetOf(units, counts["web"]));
  }
  return { routes, adopted, started, interruptedDeploys };
}
