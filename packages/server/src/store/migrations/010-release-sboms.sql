-- The CycloneDX SBOM of each build (docs/sbom.md), with the SHA-256 of its exact text: a
-- document that no longer matches its digest is reported, never served as valid.
CREATE TABLE release_sboms (
  release_id INTEGER PRIMARY KEY REFERENCES releases(id) ON DELETE CASCADE,
  document TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL
);
