import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { StoppedProcesses } from "./stopped-processes.ts";

function withApp() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-stopped-")), "hop3.db"));
  db.prepare("INSERT INTO apps (name, unix_user, created_at) VALUES ('a', 'u', 'now')").run();
  const id = Number(db.prepare("SELECT id FROM apps WHERE name = 'a'").get()?.id);
  return { db, id, stopped: new StoppedProcesses(db) };
}

test("records stopped process types per app, once each, until started again", () => {
  const { db, id, stopped } = withApp();
  stopped.add(id, ["web", "worker"]);
  stopped.add(id, ["web"]);
  assert.deepEqual([...stopped.typesOf(id)], ["web", "worker"]);
  stopped.remove(id, ["web"]);
  assert.deepEqual([...stopped.typesOf(id)], ["worker"]);
  stopped.clear(id);
  assert.equal(stopped.typesOf(id).size, 0);
  db.close();
});

test("forgets an app's stopped types when the app is destroyed", () => {
  const { db, id, stopped } = withApp();
  stopped.add(id, ["web"]);
  db.prepare("DELETE FROM apps WHERE id = ?").run(id);
  assert.equal(stopped.typesOf(id).size, 0);
  db.close();
});
