-- Who created each addon (ADR 68): its creator is its owner (may destroy it) besides server
-- admins. NULL for addons made before roles on addons, by a hop3.toml at a deploy, or whose
-- creator was removed: only the roles on the apps it is attached to, and admins, reach those.
ALTER TABLE addons ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
