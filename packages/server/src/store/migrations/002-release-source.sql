-- Where a release's code came from: an upload, a git push (with its commit), or a rollback.
ALTER TABLE releases ADD COLUMN source TEXT NOT NULL DEFAULT 'upload' CHECK (source IN ('upload', 'git', 'rollback'));
ALTER TABLE releases ADD COLUMN git_sha TEXT;
ALTER TABLE releases ADD COLUMN git_ref TEXT;
