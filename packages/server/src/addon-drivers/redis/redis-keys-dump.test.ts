import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keysOfReply, readKeysDump, writeKeysDump } from "./redis-keys-dump.ts";

void test("keys with binary names and payloads and their time to live come back from a dump file", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-redis-dump-")), "dump");
  const keys = keysOfReply([Buffer.from([0, 255, 10]), Buffer.from("\u0000payload\r\n"), -1, Buffer.from("k"), Buffer.from([1, 2, 3]), 5000]);
  await writeKeysDump(file, keys);
  assert.deepEqual(await readKeysDump(file, "cache"), keys);
});

void test("a file that is not a Hop3 Redis dump is refused, naming the addon", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-redis-dump-"));
  for (const [name, content] of [["sql", "-- PostgreSQL dump\nCREATE TABLE x();\n"], ["short", '{"format":"hop3-redis-keys","version":1,"keys":2}\n["aw==",-1,"AA=="]\n'], ["bad", '{"format":"hop3-redis-keys","version":1,"keys":1}\n{"k":1}\n']] as const) {
    writeFileSync(join(dir, name), content);
    await assert.rejects(readKeysDump(join(dir, name), "cache"), /not a Hop3 Redis dump .*nothing was imported into the addon "cache"/);
  }
});
