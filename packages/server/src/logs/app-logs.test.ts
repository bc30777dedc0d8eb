import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { instanceLogs, lastLines } from "./app-logs.ts";

const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join("");

test("lists an app's instance logs by type then index, optionally of one type", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-logs-"));
  for (const name of ["worker.1.log", "web.10.log", "web.2.log", "web.2.log.1", "notes.txt"]) writeFileSync(join(dir, name), "");
  assert.deepEqual(instanceLogs(dir).map((log) => log.instance), ["web.2", "web.10", "worker.1"]);
  assert.deepEqual(instanceLogs(dir, "worker").map((log) => log.instance), ["worker.1"]);
  assert.deepEqual(instanceLogs(join(dir, "missing")), []);
});

test("lists cron job logs by job name under the cron type, numbered jobs first", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-logs-"));
  for (const name of ["cron.cleanup.log", "cron.10.log", "cron.2.log", "cron.2.log.1", "web.1.log"]) writeFileSync(join(dir, name), "");
  assert.deepEqual(instanceLogs(dir, "cron").map((log) => log.instance), ["cron.2", "cron.10", "cron.cleanup"]);
});

test("gives the last lines of a log, reaching into its rotated files", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-logs-"));
  const file = join(dir, "web.1.log");
  writeFileSync(`${file}.2`, numbered(1, 10));
  writeFileSync(`${file}.1`, numbered(11, 20));
  writeFileSync(file, numbered(21, 23));
  assert.deepEqual(lastLines(file, 2), ["line 22", "line 23"]);
  assert.deepEqual(lastLines(file, 5), ["line 19", "line 20", "line 21", "line 22", "line 23"]);
  assert.equal(lastLines(file, 100).length, 23);
  assert.deepEqual(lastLines(file, 0), []);
});

test("reads the tail of a large log without losing lines across its read chunks", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-logs-")), "web.1.log");
  writeFileSync(file, numbered(1, 20_000));
  const tail = lastLines(file, 9000);
  assert.equal(tail.length, 9000);
  assert.equal(tail[0], "line 11001");
  assert.equal(tail.at(-1), "line 20000");
});

test("gives one release's last lines, read back past the other releases' lines and into rotated files", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-logs-")), "web.1.log");
  const tagged = (release: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-12-03T10:00:00.000Z v${release} line ${from + i}\n`).join("");
  writeFileSync(`${file}.1`, tagged(2, 1, 5) + tagged(3, 6, 10));
  // Enough of release 4 to span several read chunks, then release 2 again (an older instance still draining).
  writeFileSync(file, tagged(4, 11, 5000) + tagged(2, 5001, 5002));
  const only2 = (stored: string) => stored.includes(" v2 ");
  assert.deepEqual(lastLines(file, 3, only2).map((line) => line.slice(28)), ["line 5", "line 5001", "line 5002"]);
  assert.equal(lastLines(file, 100, only2).length, 7, "every line of release 2, and no other");
  assert.deepEqual(lastLines(file, 1, (stored) => stored.includes(" v3 ")).map((line) => line.slice(28)), ["line 10"]);
  assert.deepEqual(lastLines(file, 5, (stored) => stored.includes(" v9 ")), []);
});

test("keeps a last line that has no newline yet, and multi-byte characters whole across chunks", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-logs-")), "web.1.log");
  writeFileSync(file, `${"é".repeat(40_000)}\nsecond\nunfinished`);
  assert.deepEqual(lastLines(file, 2), ["second", "unfinished"]);
  assert.equal(lastLines(file, 3)[0], "é".repeat(40_000));
});
