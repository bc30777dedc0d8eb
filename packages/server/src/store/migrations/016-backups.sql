-- Backups of apps (ADR 47): one row per attempt, kept after the app is destroyed (a backup is
-- how an app comes back), so keyed by the app's name at the time, not a foreign key.
-- status: running, succeeded, failed (reason says why), forgotten (removed by retention).
CREATE TABLE backups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  trigger TEXT NOT NULL,
  snapshot TEXT,
  staged_path TEXT,
  parts TEXT NOT NULL DEFAULT '[]',
  bytes INTEGER,
  added INTEGER,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX backups_by_app ON backups (app, id);
-- One schedule per app (`hop3 backups:schedule`): a cron expression and the retention applied
-- after each scheduled run. set_at: when it was set (a schedule with no succeeded backup in
-- twice its interval since then is overdue).
CREATE TABLE backup_schedules (
  app_id INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  cron TEXT NOT NULL,
  keep_daily INTEGER NOT NULL,
  keep_weekly INTEGER NOT NULL,
  keep_monthly INTEGER NOT NULL,
  set_at TEXT NOT NULL,
  last_run_at TEXT
);
