-- Users, their roles per app, tokens that belong to a user (optionally limited to one app,
-- to reading, or in time), SSH keys that belong to a user, and the hash-chained audit log
-- (docs/adr/0044-users-roles-authorisation.md, docs/adr/0045-audit-log-chain.md).
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  email TEXT,
  -- scrypt$N$r$p$salt$hash (base64url); NULL: no password login.
  password_hash TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE app_access (
  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'developer', 'viewer')),
  PRIMARY KEY (app_id, user_id)
);

-- Password sign-in sessions for people (the web UI): the cookie's value and the CSRF token
-- are stored as SHA-256 hashes, like API tokens.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  session_hash TEXT NOT NULL UNIQUE,
  csrf_hash TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- api_tokens.role stays (always 'admin', its CHECK cannot be dropped in place): a token's
-- authority now comes from its user, narrowed by app_id, read_only and expires_at.
ALTER TABLE api_tokens ADD COLUMN user_id INTEGER REFERENCES users(id);
ALTER TABLE api_tokens ADD COLUMN app_id INTEGER REFERENCES apps(id) ON DELETE CASCADE;
ALTER TABLE api_tokens ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE ssh_keys ADD COLUMN user_id INTEGER REFERENCES users(id);

-- An install from before users had admin tokens only: they become one admin, "admin", whose
-- tokens and SSH keys keep working as before.
INSERT INTO users (name, is_admin, created_at)
  SELECT 'admin', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE EXISTS (SELECT 1 FROM api_tokens);
UPDATE api_tokens SET user_id = (SELECT id FROM users WHERE name = 'admin');
UPDATE ssh_keys SET user_id = (SELECT id FROM users WHERE name = 'admin');

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT,
  token_name TEXT,
  ssh_key TEXT,
  ip TEXT,
  action TEXT NOT NULL,
  app TEXT,
  detail TEXT,
  result TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_app ON audit_log (app);
-- Append-only through Hop3: the chain (hash) shows what is changed by other means.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
