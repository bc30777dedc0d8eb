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
