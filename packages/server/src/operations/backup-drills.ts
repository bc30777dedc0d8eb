import { Hop3Error, type BackupDrillSchedule } from "@hop3/contract";
import { cronScheduleProblem, nextCronRun } from "../core/cron-schedule.ts";
import type { App } from "../core/app.ts";
import type { Clock } from "../scheduler/clock.ts";
import type { DrillStore } from "../backups/drill-store.ts";
import type { BackupVerify } from "./backup-verify.ts";

export interface BackupDrillsDeps {
  readonly store: DrillStore;
  readonly apps: { require(name: string): App; find(name: string): App | null; byId(id: number): App | null };
  readonly verify: Pick<BackupVerify, "verify">;
  readonly clock: Pick<Clock, "now">;
  /** Told of a drill that failed (the server log); the alert rules read `failedOf`. */
  readonly onFailure: (app: string, reason: string) => void;
}

/**
 * `hop3 backups:drill-schedule APP CRON` (ADR 71): `backups:verify` — restic check, then the
 * latest backup restored into a throwaway app that must pass its health check — run on a cron
 * schedule by the server's scheduler, so that a backup that no longer restores is found before
 * it is needed. The last result is kept: a failed drill raises the `backup-drill-failed` alert
 * until a drill succeeds.
 */
export class BackupDrills {
  readonly #deps: BackupDrillsDeps;

  constructor(deps: BackupDrillsDeps) {
    this.#deps = deps;
  }

  of(appName: string): BackupDrillSchedule | null {
    const app = this.#deps.apps.find(appName);
    const stored = app && this.#deps.store.of(app.id);
    return stored ? { cron: stored.cron, last: stored.last } : null;
  }

  /** The app's last scheduled drill when it failed (what the alert rule reads), else null. */
  failedOf(appName: string): { readonly reason: string } | null {
    const app = this.#deps.apps.find(appName);
    const last = app && this.#deps.store.of(app.id)?.last;
    return last?.status === "failed" ? { reason: last.reason ?? "no reason recorded" } : null;
  }

  set(appName: string, cron: string): BackupDrillSchedule {
    const app = this.#deps.apps.require(appName);
    const problem = cronScheduleProblem(cron);
    if (problem !== undefined) throw new Hop3Error("BACKUP_SCHEDULE_INVALID", `The drill schedule "${cron}" is not valid: ${problem}.`);
    this.#deps.store.set(app.id, cron, new Date(this.#deps.clock.now()));
    return this.of(app.name) ?? { cron, last: null };
  }

  remove(appName: string): void {
    this.#deps.store.remove(this.#deps.apps.require(appName).id);
  }

  /** Runs the drills that are due, one after another (each builds and starts an app). */
  async tick(): Promise<void> {
    const { store, apps, clock } = this.#deps;
    for (const schedule of store.all()) {
      const now = new Date(clock.now());
      const next = nextCronRun(schedule.cron, new Date(schedule.lastRunAt ?? now.toISOString()));
      if (!next || next.getTime() > now.getTime()) continue;
      const app = apps.byId(schedule.appId);
      if (!app) continue;
      store.ran(app.id, now);
      try {
        await this.#deps.verify.verify(app.name);
        store.finished(app.id, "succeeded", null, new Date(clock.now()));
      } catch (error) {
        // One app's failed drill never stops the others'.
        const reason = (error as Error).message;
        store.finished(app.id, "failed", reason, new Date(clock.now()));
        this.#deps.onFailure(app.name, reason);
      }
    }
  }
}
