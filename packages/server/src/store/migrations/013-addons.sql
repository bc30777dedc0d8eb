-- Addons (`hop3 addons:create TYPE NAME`): a database, a cache... served by an engine Hop3
-- supervises. `secret` is the engine's own credentials for it (e.g. a Redis admin password),
-- encrypted like config vars (AES-256-GCM, the addon's name as context); NULL when it has none.
CREATE TABLE addons (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  secret BLOB,
  created_at TEXT NOT NULL
);
-- An addon attached to an app: its own role/user in the engine, and the prefix of the
-- variables the app gets. Keyed by the app's id (they follow a rename; removing the app
-- removes the row, the service detaches first). `credentials` is a JSON object, encrypted.
CREATE TABLE addon_attachments (
  addon_id INTEGER NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
  app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  prefix TEXT NOT NULL,
  credentials BLOB NOT NULL,
  attached_at TEXT NOT NULL,
  PRIMARY KEY (addon_id, app_id)
);
CREATE INDEX addon_attachments_by_app ON addon_attachments (app_id);
