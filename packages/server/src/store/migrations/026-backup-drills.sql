-- Scheduled restore drills (`hop3 backups:drill-schedule`, ADR 71): per app a cron expression;
-- the last run's result is kept so that a failed drill raises an alert until one succeeds.
-- last_status: NULL (never ran), succeeded, failed (last_reason says why).
CREATE TABLE backup_drill_schedules (
  app_id INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  cron TEXT NOT NULL,
  set_at TEXT NOT NULL,
  last_run_at TEXT,
  last_status TEXT,
  last_reason TEXT,
  last_finished_at TEXT
);
