-- The host firewall (`hop3 firewall`, ADR 24): whether it filters, and the ports the operator
-- let in beside SSH, HTTP and HTTPS. Only confirmed changes are written here: a change that
-- waits for confirmation lives in nftables and in the server's memory, and is undone
-- (from here) if the server restarts before it is confirmed.
CREATE TABLE firewall (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1))
);
CREATE TABLE firewall_ports (
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  protocol TEXT NOT NULL CHECK (protocol IN ('tcp', 'udp')),
  PRIMARY KEY (port, protocol)
);
