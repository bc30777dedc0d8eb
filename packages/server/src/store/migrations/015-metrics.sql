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
-- Pruning expired points each minute must not scan the table.
CREATE INDEX metric_points_by_age ON metric_points (step, at);
-- Uptime checks' state changes per app (`up` / `down`), with what the check saw.
CREATE TABLE uptime_events (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  state TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX uptime_events_by_app ON uptime_events (app_id, id);
-- Alerts, one row per condition (`rule:app`): firing, or resolved at `resolved_at`. A
-- condition that fires again reuses its row: notices are de-duplicated by this key.
CREATE TABLE alerts (
  key TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  app TEXT,
  firing INTEGER NOT NULL,
  summary TEXT NOT NULL,
  fired_at TEXT NOT NULL,
  resolved_at TEXT,
  -- 0 when the firing notice was held back (silenced, rate-limited): its resolved one is too.
  notified INTEGER NOT NULL
);
-- Where notices go: a webhook (JSON, HMAC-SHA256 signed with `secret`) or an e-mail address
-- (sent through the SMTP server of `smtp`, a URL smtp://[user:password@]host[:port]).
CREATE TABLE alert_channels (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  secret TEXT,
  smtp TEXT,
  added_at TEXT NOT NULL
);
-- Silences: notices about `scope` (an app's name, or `*` for all) are held back until `until`.
CREATE TABLE alert_silences (
  scope TEXT PRIMARY KEY,
  until TEXT NOT NULL
);
