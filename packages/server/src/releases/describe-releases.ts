import { existsSync } from "node:fs";
import type { ReleaseSummary } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { ReleaseStore } from "./release-store.ts";

/** What `hop3 releases` shows: every release of the app, newest first. */
export function describeReleases(app: App, releases: ReleaseStore, layout: StateLayout): ReleaseSummary[] {
  const current = releases.current(app.id)?.number ?? null;
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
    error: release.error,
    createdAt: release.createdAt,
    finishedAt: release.finishedAt,
  }));
}
