import { test } from "node:test";
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { inTransaction } from "./in-transaction.ts";

test("a transaction keeps all its writes, or none when it throws", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t (v TEXT UNIQUE)");
  assert.equal(inTransaction(db, () => db.prepare("INSERT INTO t VALUES ('a')").run().changes), 1);
  assert.throws(() =>
    inTransaction(db, () => {
      db.prepare("INSERT INTO t VALUES ('b')").run();
      db.prepare("INSERT INTO t VALUES ('a')").run();
    }),
  );
  assert.deepEqual(db.prepare("SELECT v FROM t ORDER BY v").all().map((row) => row.v), ["a"]);
});
