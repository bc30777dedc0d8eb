-- Where a certificate of app_certificates came from (ADR 66): `custom` (`hop3 certs:add`) or
-- `dns-01` (a wildcard obtained by the server itself with a DNS-01 challenge, renewed by it).
ALTER TABLE app_certificates ADD COLUMN origin TEXT NOT NULL DEFAULT 'custom';
