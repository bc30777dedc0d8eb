-- How many instances of each process type an app runs, set by hand (`hop3 ps:scale`). Types
-- absent here run app.json's `formation.<type>.quantity`, else one instance. Kept across
-- deploys, rollbacks, restarts and reboots; 0 runs none.
CREATE TABLE process_scale (
  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (app_id, type)
);
