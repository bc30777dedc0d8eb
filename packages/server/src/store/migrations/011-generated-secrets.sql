-- Secrets hop3.toml asks Hop3 to generate (`[env] KEY = { generate = "hex" }`): made once per app,
-- kept across deploys and rollbacks, encrypted like config vars, deleted with their app (ADR 38).
CREATE TABLE generated_secrets (
  app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (app, key)
);
