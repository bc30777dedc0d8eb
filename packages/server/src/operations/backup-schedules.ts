import { Hop3Error, type BackupSchedule } from "@hop3/contract";
import { cronScheduleProblem, nextCronRun } from "../core/cron-schedule.ts";
import type { App } from "../core/app.ts";
import type { Clock } from "../scheduler/clock.ts";
import type { BackupStore } from "../backups/backup-store.ts";
import { retained } from "../backups/retention.ts";
import type { ResticRepository } from "../backups/restic-repository.ts";
import type { BackupService } from "./backup-service.ts";

/** How often the server looks for schedules that are due (a job of the server's scheduler). */
export const backupScheduleCheckMs = 30_000;

export interface BackupSchedulesDeps {
  readonly store: BackupStore;
  readonly apps: { require(name: string): App; find(name: string): App | null; byId(id: number): App | null };
  readonly backups: Pick<BackupService, "run">;
  readonly repository: Pick<ResticRepository, "forget">;
  readonly clock: Pick<Clock, "now">;
  /** Told of a scheduled backup that failed (the server log; alerts when monitoring lands). */
  readonly onFailure: (app: string, reason: string) => void;
}

/**
 * `hop3 backups:schedule` (ADR 47): each app's cron expression, checked by one job of the
 * server's scheduler. A due schedule runs one backup; after it, Hop3 applies the schedule's
 * retention itself — by its own records, so a failed backup never counts as kept — and has
 * restic forget (and prune) the rest, by snapshot id, so only this app's snapshots are touched.
 */
export class BackupSchedules {
  readonly #deps: BackupSchedulesDeps;

  constructor(deps: BackupSchedulesDeps) {
    this.#deps = deps;
  }

  /** The app's schedule; none for an app that no longer exists (its backups are still listed). */
  of(appName: string): BackupSchedule | null {
    const app = this.#deps.apps.find(appName);
    const schedule = app && this.#deps.store.scheduleOf(app.id);
    return schedule && { cron: schedule.cron, keepDaily: schedule.keepDaily, keepWeekly: schedule.keepWeekly, keepMonthly: schedule.keepMonthly };
  }

  /**
   * Whether the app's schedule has produced no succeeded backup in twice its interval (since
   * it was set, or since its last success): the dead-man signal of a schedule that silently
   * stopped working (dokku-postgres#341).
   */
  overdue(appName: string): boolean {
    const app = this.#deps.apps.find(appName);
    const schedule = app && this.#deps.store.scheduleOf(app.id);
    if (!schedule) return false;
    const setAt = Date.parse(schedule.setAt);
    const lastSuccess = this.#deps.store.listOf(appName).find((record) => (record.status === "succeeded" || record.status === "forgotten") && Date.parse(record.startedAt) >= setAt);
    // Counted from the last success, else from the first run the schedule was due to make.
    const first = nextCronRun(schedule.cron, new Date(setAt));
    const reference = lastSuccess ? Date.parse(lastSuccess.startedAt) : first?.getTime();
    const next = reference === undefined ? null : nextCronRun(schedule.cron, new Date(reference));
    const after = next && nextCronRun(schedule.cron, next);
    if (reference === undefined || !next || !after) return false;
    return this.#deps.clock.now() - reference > 2 * (after.getTime() - next.getTime());
  }

  set(appName: string, schedule: BackupSchedule): BackupSchedule {
    const app = this.#deps.apps.require(appName);
    const problem = cronScheduleProblem(schedule.cron);
    if (problem !== undefined) throw new Hop3Error("BACKUP_SCHEDULE_INVALID", `The schedule "${schedule.cron}" is not valid: ${problem}.`);
    if (schedule.keepDaily + schedule.keepWeekly + schedule.keepMonthly === 0) {
      throw new Hop3Error("BACKUP_SCHEDULE_INVALID", "A schedule that keeps no backup (--keep-daily, --keep-weekly and --keep-monthly all 0) would remove every backup it makes.");
    }
    // Counted from now: a new schedule never fires for times already past.
    this.#deps.store.setSchedule(app.id, schedule, new Date(this.#deps.clock.now()));
    return schedule;
  }

  remove(appName: string): void {
    this.#deps.store.removeSchedule(this.#deps.apps.require(appName).id);
  }

  /** Runs the schedules that are due, one after another (a backup reads a lot: never many at once). */
  async tick(): Promise<void> {
    const { store, apps, clock } = this.#deps;
    for (const schedule of store.schedules()) {
      const now = new Date(clock.now());
      const next = nextCronRun(schedule.cron, new Date(schedule.lastRunAt ?? now.toISOString()));
      if (!next || next.getTime() > now.getTime()) continue;
      const app = apps.byId(schedule.appId);
      if (!app) continue;
      // Recorded first: a run that fails is not retried every tick; the next one is the schedule's.
      store.scheduleRan(app.id, now);
      // One app's failure (a manual backup running, an unreachable repository) never stops the others'.
      try {
        const record = await this.#deps.backups.run(app.name, "schedule");
        if (record.status !== "succeeded") {
          this.#deps.onFailure(app.name, `backup ${record.id} failed: ${record.reason ?? "no reason recorded"}`);
          continue;
        }
        await this.applyRetention(app.name, schedule);
      } catch (error) {
        this.#deps.onFailure(app.name, (error as Error).message);
      }
    }
  }

  /** Forgets the app's succeeded backups the retention does not keep; returns their ids. */
  async applyRetention(appName: string, retention: BackupSchedule): Promise<number[]> {
    const { store, repository } = this.#deps;
    const candidates = store.listOf(appName).filter((record) => record.status === "succeeded" && record.snapshot !== null);
    const keep = retained(candidates, retention);
    const gone = candidates.filter((record) => !keep.has(record.id));
    await repository.forget(gone.map((record) => record.snapshot ?? ""));
    store.forgotten(gone.map((record) => record.id));
    return gone.map((record) => record.id);
  }
}
