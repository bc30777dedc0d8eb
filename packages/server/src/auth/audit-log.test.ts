import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { AuditLog, type AuditRecord } from "./audit-log.ts";

const record = (action: string, app: string | null = "shop"): AuditRecord => ({ user: "alice", token: "laptop", sshKey: null, ip: "127.0.0.1", action, app, detail: null, result: "ok" });

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-audit-"));
  const db = openDatabase(join(dir, "hop3.db"));
  t.after(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  return { db, dir, audit: new AuditLog(db, { anchorFile: join(dir, "audit-anchor.log") }) };
}

void test("entries chain: the log verifies, and filters by app", (t) => {
  const { audit } = setup(t);
  audit.append(record("deploy"));
  audit.append(record("scale", "blog"));
  audit.append(record("rollback"));
  assert.deepEqual(audit.verify(), { ok: true, entries: 3, brokenAt: null, anchored: 3, truncated: false });
  assert.deepEqual(audit.list({ app: "shop" }).map((entry) => entry.action), ["deploy", "rollback"]);
});

void test("Hop3's database refuses to change or delete an entry", (t) => {
  const { db, audit } = setup(t);
  audit.append(record("deploy"));
  assert.throws(() => db.prepare("UPDATE audit_log SET result = 'x'").run(), /append-only/);
  assert.throws(() => db.prepare("DELETE FROM audit_log").run(), /append-only/);
});

void test("an entry edited or removed behind Hop3's back breaks the chain at that entry", (t) => {
  const { db, audit } = setup(t);
  for (const action of ["deploy", "scale", "rollback"]) audit.append(record(action));
  db.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  db.prepare("UPDATE audit_log SET user_name = 'mallory' WHERE id = 2").run();
  assert.deepEqual(audit.verify(), { ok: false, entries: 1, brokenAt: 2, anchored: 3, truncated: false });
  db.prepare("UPDATE audit_log SET user_name = 'alice' WHERE id = 2").run();
  assert.equal(audit.verify().ok, true);
  db.prepare("DELETE FROM audit_log WHERE id = 2").run();
  assert.deepEqual(audit.verify(), { ok: false, entries: 1, brokenAt: 3, anchored: 3, truncated: false });
});

void test("entries cut off the end of the log break the chain: the anchor file outside the database still names the lost head", (t) => {
  const { db, audit } = setup(t);
  for (const action of ["deploy", "scale", "rollback"]) audit.append(record(action));
  // What someone with write access to the database would do: drop the guard, delete the newest entries.
  db.exec("DROP TRIGGER audit_log_no_delete");
  db.prepare("DELETE FROM audit_log WHERE id >= 2").run();
  assert.deepEqual(audit.verify(), { ok: false, entries: 1, brokenAt: 2, anchored: 3, truncated: true });
});
