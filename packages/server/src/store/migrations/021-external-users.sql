-- Users from single sign-on (ADR 59, 60): where a user comes from, and their id there.
-- 'local': created by `hop3 users:add` (password in password_hash); 'oidc': the issuer's
-- `sub`; 'ldap': the entry's DN. A name of one source never signs in through another.
ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc', 'ldap'));
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external_id ON users (source, external_id) WHERE external_id IS NOT NULL;
