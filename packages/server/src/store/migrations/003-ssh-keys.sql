-- SSH public keys allowed to git push and run Hop3 commands over SSH. Each key acts through
-- its own API token (revoked with the key).
CREATE TABLE ssh_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  key_base64 TEXT NOT NULL UNIQUE,
  bits INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  api_token_id INTEGER NOT NULL REFERENCES api_tokens(id),
  created_at TEXT NOT NULL
);

-- Per app: the branch whose pushes are deployed.
CREATE TABLE app_git (
  app_id INTEGER PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,
  deploy_branch TEXT NOT NULL
);
