-- Sampled metrics history (docs/monitoring.md, ADR 46): one row per series, step and time
-- bucket. `app_id` 0 is the host; an app's rows are keyed by its id, so they follow a rename
-- (and age out after a destroy). `step` is 60 (1-minute averages, kept 24 h) or 3600
-- (1-hour averages, kept 30 days); `at` is the bucket's start in Unix seconds.
CREATE TABLE metric_points (
  app_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  step INTEGER NOT NULL,
  at INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (app_id, step, at, name)
) WITHOUT ROWID;
