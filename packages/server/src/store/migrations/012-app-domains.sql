-- The custom hostnames of each app (`hop3 domains:add`), beside its `<app>.<domain>`. Keyed by
-- the app's id, so they follow a rename; a hostname belongs to at most one app (the primary key).
-- Stored in ASCII (IDN in punycode), lower case.
CREATE TABLE app_domains (
  host TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  added_at TEXT NOT NULL
);
CREATE INDEX app_domains_by_app ON app_domains (app_id);
-- Apps that send Strict-Transport-Security over HTTPS (`hop3 domains:hsts APP on`).
CREATE TABLE app_hsts (
  app_id INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE
);
