import { existsSync } from "node:fs";
import type { ReleaseSummary } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { ReleaseStore } from "./release-store.ts";

/**
 * What `hop3 releases` shows: every release of the app, newest first, with how many of its
 * instances a newer release left draining and stopping in the background.
 */
export function describeReleases(app: App, releases: ReleaseStore, layout: StateLayout, supervisor: Pick<Supervisor, "unitsOf">): ReleaseSummary[] {
  const current = releases.current(app.id)?.number ?? null;
  const draining = new Map<number, number>();
  for (const unit of supervisor.unitsOf(app.name)) {
    if (unit.retiring && (unit.state === "running" || unit.state === "stopping")) draining.set(unit.spec.release, (draining.get(unit.spec.release) ?? 0) + 1);
  }
  return releases.list(app.id).map((release) => ({
    number: release.number,
    status: release.status,
    current: release.number === current,
    source: release.source.kind,
    gitSha: "sha" in release.source ? release.source.sha : null,
    gitRef: "ref" in release.source ? release.source.ref : null,
    rollbackOf: release.source.kind === "rollback" ? release.buildOf : null,
    builder: release.builder,
    processTypes: Object.keys(release.processes),
    buildKept: release.status !== "failed" && existsSync(layout.releaseDir(app.name, release.buildOf)),
    draining: draining.get(release.number) ?? 0,
    error: release.error,
    createdAt: release.createdAt,
    finishedAt: release.finishedAt,
  }));
}
