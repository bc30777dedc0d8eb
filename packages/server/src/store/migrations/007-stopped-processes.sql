-- Process types stopped on purpose (`hop3 ps:stop`): a server restart or a reboot does not
-- start them again; `hop3 ps:start`, `ps:restart` or a deploy does.
CREATE TABLE stopped_processes (
  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  PRIMARY KEY (app_id, type)
);
