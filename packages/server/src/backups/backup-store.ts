import type { DatabaseSync } from "node:sqlite";
import type { Backup, BackupPartInfo, BackupSchedule } from "@hop3/contract";

/** A backup as stored (the API adds its progress while it runs). */
export type BackupRecord = Omit<Backup, "progress" | "newRepository"> & { readonly stagedPath: string | null };

/** The backups table (ADR 47): every attempt, its outcome and what it held. */
export class BackupStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  begin(app: string, trigger: Backup["trigger"], now: Date): BackupRecord {
    const row = this.#db.prepare("INSERT INTO backups (app, status, trigger, started_at) VALUES (?, 'running', ?, ?) RETURNING *").get(app, trigger, now.toISOString());
    return recordOf(row as Row);
  }

  succeed(id: number, done: { snapshot: string; stagedPath: string; parts: readonly BackupPartInfo[]; bytes: number; added: number }, now: Date): void {
    this.#db
      .prepare("UPDATE backups SET status = 'succeeded', snapshot = ?, staged_path = ?, parts = ?, bytes = ?, added = ?, finished_at = ? WHERE id = ?")
      .run(done.snapshot, done.stagedPath, JSON.stringify(done.parts), done.bytes, done.added, now.toISOString(), id);
  }

  fail(id: number, reason: string, parts: readonly BackupPartInfo[], now: Date): void {
    this.#db.prepare("UPDATE backups SET status = 'failed', reason = ?, parts = ?, finished_at = ? WHERE id = ?").run(reason.slice(0, 2000), JSON.stringify(parts), now.toISOString(), id);
  }

  /** Records a backup found in the repository (disaster recovery): it succeeded on the server that made it. */
  imported(app: string, found: { snapshot: string; stagedPath: string; parts: readonly BackupPartInfo[]; startedAt: string }, now: Date): BackupRecord {
    const row = this.#db
      .prepare("INSERT INTO backups (app, status, trigger, snapshot, staged_path, parts, started_at, finished_at) VALUES (?, 'succeeded', 'manual', ?, ?, ?, ?, ?) RETURNING *")
      .get(app, found.snapshot, found.stagedPath, JSON.stringify(found.parts), found.startedAt, now.toISOString());
    return recordOf(row as Row);
  }

  /** Marks backups whose snapshots retention removed. */
  forgotten(ids: readonly number[]): void {
    const update = this.#db.prepare("UPDATE backups SET status = 'forgotten' WHERE id = ?");
    for (const id of ids) update.run(id);
  }

  /** A backup left `running` by a server that stopped mid-way never finished. */
  failInterrupted(now: Date): void {
    this.#db.prepare("UPDATE backups SET status = 'failed', reason = 'the server stopped during the backup', finished_at = ? WHERE status = 'running'").run(now.toISOString());
  }

  find(app: string, id: number): BackupRecord | null {
    const row = this.#db.prepare("SELECT * FROM backups WHERE app = ? AND id = ?").get(app, id);
    return row ? recordOf(row as Row) : null;
  }

  /** The app's backups, newest first. */
  listOf(app: string): BackupRecord[] {
    return this.#db.prepare("SELECT * FROM backups WHERE app = ? ORDER BY id DESC").all(app).map((row) => recordOf(row as Row));
  }

  /** Follows a rename: the app's backups are listed under its new name. */
  renameApp(from: string, to: string): void {
    this.#db.prepare("UPDATE backups SET app = ? WHERE app = ?").run(to, from);
  }

  scheduleOf(appId: number): StoredSchedule | null {
    const row = this.#db.prepare("SELECT * FROM backup_schedules WHERE app_id = ?").get(appId);
    return row ? scheduleOf(row as Row) : null;
  }

  /** Every schedule, with its app's id. */
  schedules(): (StoredSchedule & { appId: number })[] {
    return this.#db.prepare("SELECT * FROM backup_schedules ORDER BY app_id").all().map((row) => ({ ...scheduleOf(row as Row), appId: Number((row as Row).app_id) }));
  }

  setSchedule(appId: number, schedule: BackupSchedule, now: Date): void {
    this.#db
      .prepare(
        "INSERT INTO backup_schedules (app_id, cron, keep_daily, keep_weekly, keep_monthly, set_at, last_run_at) VALUES (?, ?, ?, ?, ?, ?, ?) " +
          "ON CONFLICT (app_id) DO UPDATE SET cron = excluded.cron, keep_daily = excluded.keep_daily, keep_weekly = excluded.keep_weekly, keep_monthly = excluded.keep_monthly, set_at = excluded.set_at, last_run_at = excluded.last_run_at",
      )
      .run(appId, schedule.cron, schedule.keepDaily, schedule.keepWeekly, schedule.keepMonthly, now.toISOString(), now.toISOString());
  }

  removeSchedule(appId: number): void {
    this.#db.prepare("DELETE FROM backup_schedules WHERE app_id = ?").run(appId);
  }

  /** Records when a schedule last fired (its next run is computed from it). */
  scheduleRan(appId: number, at: Date): void {
    this.#db.prepare("UPDATE backup_schedules SET last_run_at = ? WHERE app_id = ?").run(at.toISOString(), appId);
  }
}

type Row = Record<string, unknown>;

function recordOf(row: Row): BackupRecord {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const int = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    id: Number(row.id),
    app: String(row.app),
    status: String(row.status) as Backup["status"],
    reason: text(row.reason),
    trigger: String(row.trigger) as Backup["trigger"],
    snapshot: text(row.snapshot),
    stagedPath: text(row.staged_path),
    parts: JSON.parse(String(row.parts)) as BackupPartInfo[],
    bytes: int(row.bytes),
    added: int(row.added),
    startedAt: String(row.started_at),
    finishedAt: text(row.finished_at),
  };
}

/** A schedule as stored: when it was set and when it last fired. */
export type StoredSchedule = BackupSchedule & { readonly setAt: string; readonly lastRunAt: string | null };

function scheduleOf(row: Row): StoredSchedule {
  return {
    cron: String(row.cron),
    keepDaily: Number(row.keep_daily),
    keepWeekly: Number(row.keep_weekly),
    keepMonthly: Number(row.keep_monthly),
    setAt: String(row.set_at),
    lastRunAt: row.last_run_at === null ? null : String(row.last_run_at),
  };
}
