import type { DatabaseSync } from "node:sqlite";

/** An app's drill schedule as stored, with its last run's result. */
export interface StoredDrillSchedule {
  readonly appId: number;
  readonly cron: string;
  readonly setAt: string;
  readonly lastRunAt: string | null;
  readonly last: { readonly status: "succeeded" | "failed"; readonly reason: string | null; readonly finishedAt: string } | null;
}

/** The scheduled restore drills (ADR 71): one cron expression per app and how its last drill ended. */
export class DrillStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  of(appId: number): StoredDrillSchedule | null {
    const row = this.#db.prepare("SELECT * FROM backup_drill_schedules WHERE app_id = ?").get(appId);
    return row ? drillOf(row) : null;
  }

  all(): StoredDrillSchedule[] {
    return this.#db.prepare("SELECT * FROM backup_drill_schedules ORDER BY app_id").all().map(drillOf);
  }

  /** Sets (or replaces) the app's schedule, counted from `now`: it never fires for times already past. */
  set(appId: number, cron: string, now: Date): void {
    this.#db
      .prepare("INSERT INTO backup_drill_schedules (app_id, cron, set_at, last_run_at) VALUES (?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET cron = excluded.cron, set_at = excluded.set_at, last_run_at = excluded.last_run_at")
      .run(appId, cron, now.toISOString(), now.toISOString());
  }

  remove(appId: number): void {
    this.#db.prepare("DELETE FROM backup_drill_schedules WHERE app_id = ?").run(appId);
  }

  /** Recorded before the drill runs: a drill that fails is not retried every tick. */
  ran(appId: number, at: Date): void {
    this.#db.prepare("UPDATE backup_drill_schedules SET last_run_at = ? WHERE app_id = ?").run(at.toISOString(), appId);
  }

  finished(appId: number, status: "succeeded" | "failed", reason: string | null, at: Date): void {
    this.#db.prepare("UPDATE backup_drill_schedules SET last_status = ?, last_reason = ?, last_finished_at = ? WHERE app_id = ?").run(status, reason, at.toISOString(), appId);
  }
}

function drillOf(row: Record<string, unknown>): StoredDrillSchedule {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const status = text(row.last_status);
  return {
    appId: Number(row.app_id),
    cron: String(row.cron),
    setAt: String(row.set_at),
    lastRunAt: text(row.last_run_at),
    last: status === "succeeded" || status === "failed" ? { status, reason: text(row.last_reason), finishedAt: String(row.last_finished_at) } : null,
  };
}
