-- Config vars: per app, encrypted at rest (AES-256-GCM; value = iv | tag | ciphertext), deleted
-- with their app.
CREATE TABLE config_vars (
  app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (app, key)
);

-- A release may now come from a config change ('config'). SQLite cannot alter a CHECK, so the
-- releases table is rebuilt with every column of migrations 001, 002 and 004, in that order.
CREATE TABLE releases_new (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('building', 'succeeded', 'failed', 'superseded')),
  builder TEXT,
  processes TEXT NOT NULL DEFAULT '{}',
  env TEXT NOT NULL DEFAULT '{}',
  static_root TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  source TEXT NOT NULL DEFAULT 'upload' CHECK (source IN ('upload', 'git', 'rollback', 'config')),
  git_sha TEXT,
  git_ref TEXT,
  settings TEXT NOT NULL DEFAULT '{}',
  build_of INTEGER,
  UNIQUE (app_id, number)
);
INSERT INTO releases_new (id, app_id, number, status, builder, processes, env, static_root, error, created_at, finished_at, source, git_sha, git_ref, settings, build_of)
  SELECT id, app_id, number, status, builder, processes, env, static_root, error, created_at, finished_at, source, git_sha, git_ref, settings, build_of FROM releases;
DROP TABLE releases;
ALTER TABLE releases_new RENAME TO releases;
