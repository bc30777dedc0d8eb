-- Each app with web processes has a stable loopback port that the proxy sends its requests
-- to; the host forwards it to the serving release's instance (see docs/adr/0011).
CREATE TABLE front_ports (
  app TEXT PRIMARY KEY,
  port INTEGER NOT NULL UNIQUE
);
