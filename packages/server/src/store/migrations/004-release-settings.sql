-- What a release needs to be started again exactly as deployed (health check, timeouts,
-- post-deploy commands), and which release's build it runs (a rollback reuses an older build).
ALTER TABLE releases ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE releases ADD COLUMN build_of INTEGER;
