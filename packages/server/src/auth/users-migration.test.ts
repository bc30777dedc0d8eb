import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { TokenStore, type Principal } from "./token-store.ts";
import { UserStore } from "./user-store.ts";

void test("an install from before users keeps its admin token: it now belongs to the admin user \"admin\"", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-migrate-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "hop3.db");
  // The database as the last release before users left it: migrations up to 013, one admin token.
  const old = new DatabaseSync(file);
  old.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const migrations = join(import.meta.dirname, "../store/migrations");
  for (const name of readdirSync(migrations).filter((entry) => /^\d{3}-.*\.sql$/.test(entry) && Number(entry.slice(0, 3)) < 14).sort()) {
    old.exec(readFileSync(join(migrations, name), "utf8"));
    old.prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)").run(Number(name.slice(0, 3)), name, "2026-01-01T00:00:00Z");
  }
  const token = "hop3_old-admin-token";
  old.prepare("INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES ('admin', ?, 'admin', '2026-01-01T00:00:00Z')").run(createHash("sha256").update(token).digest("hex"));
  old.close();

  const db = openDatabase(file);
  t.after(() => db.close());
  const principal = new TokenStore(db).authenticate(token) as Principal;
  assert.deepEqual([principal.user, principal.admin, principal.app, principal.readOnly], ["admin", true, null, false]);
  assert.deepEqual(new UserStore(db).list().map((user) => [user.name, user.admin]), [["admin", true]]);
});
