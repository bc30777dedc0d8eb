import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultReleaseSettings } from "../core/release.ts";
import { openDatabase } from "../store/database.ts";
import { ProcessScale } from "./process-scale.ts";

function withApp() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-scale-")), "hop3.db"));
  db.prepare("INSERT INTO apps (name, unix_user, created_at) VALUES ('a', 'u', 'now')").run();
  const id = Number(db.prepare("SELECT id FROM apps WHERE name = 'a'").get()?.id);
  return { db, id, scale: new ProcessScale(db) };
}

test("keeps the hand-set scale per type, overwriting it on each change, and gives the counts of a release", () => {
  const { id, scale } = withApp();
  scale.set(id, { web: 3, worker: 0 });
  scale.set(id, { web: 2 });
  assert.deepEqual(scale.scaledOf(id), { web: 2, worker: 0 });
  const release = { processes: { web: "w", worker: "k", clock: "c" }, settings: { ...defaultReleaseSettings, formation: { clock: 4, web: 9 } } };
  assert.deepEqual(scale.countsOf(id, release), { web: 2, worker: 0, clock: 4 });
  scale.unset(id, ["web"]);
  assert.deepEqual(scale.countsOf(id, release), { web: 9, worker: 0, clock: 4 });
});

test("an app's scale goes with the app", () => {
  const { db, id, scale } = withApp();
  db.exec("PRAGMA foreign_keys = ON");
  scale.set(id, { web: 2 });
  db.prepare("DELETE FROM apps WHERE id = ?").run(id);
  assert.deepEqual(scale.scaledOf(id), {});
});
