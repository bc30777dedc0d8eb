import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./database.ts";

test("applies every migration once, even when opened twice", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-db-")), "hop3.db");
  openDatabase(file).close();
  const db = openDatabase(file);
  const versions = db.prepare("SELECT version FROM schema_migrations").all().map((row) => row.version);
  const files = readdirSync(join(import.meta.dirname, "migrations")).filter((name) => name.endsWith(".sql"));
  assert.ok(files.length >= 2);
  assert.deepEqual(versions, files.map((name) => Number(name.slice(0, 3))).sort((a, b) => a - b));
  assert.doesNotThrow(() => db.prepare("SELECT name, unix_user FROM apps").all());
  db.close();
});

test("releases accept the source kinds upload, git, rollback and config, and nothing else", () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-db-")), "hop3.db"));
  db.prepare("INSERT INTO apps (id, name, unix_user, created_at) VALUES (1, 'a', 'u', 'now')").run();
  const insert = db.prepare("INSERT INTO releases (app_id, number, status, created_at, source, settings, build_of) VALUES (1, ?, 'succeeded', 'now', ?, '{}', 1)");
  ["upload", "git", "rollback", "config"].forEach((source, index) => insert.run(index + 1, source));
  assert.throws(() => insert.run(9, "other"), /CHECK constraint failed/);
  db.close();
});
