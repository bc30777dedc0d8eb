-- Certificates added with `hop3 certs:add` (ADR 49): the PEM chain (leaf first) and its private
-- key, encrypted with the config key like config vars (AES-256-GCM, the row's app id and
-- fingerprint authenticated with it). Keyed by the app's id: they follow a rename. Which of the
-- app's hostnames a certificate serves is worked out from its names whenever routes are loaded.
CREATE TABLE app_certificates (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  chain_pem TEXT NOT NULL,
  key_encrypted BLOB NOT NULL,
  subjects TEXT NOT NULL,
  issuer TEXT NOT NULL,
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL,
  added_at TEXT NOT NULL,
  UNIQUE (app_id, fingerprint)
);
CREATE INDEX app_certificates_by_app ON app_certificates (app_id);
