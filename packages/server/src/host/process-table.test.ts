import { test } from "node:test";
import assert from "node:assert/strict";
import { ProcessTable, parseStat } from "./process-table.ts";

test("/proc/PID/stat: a command name with spaces and parentheses does not shift the fields", () => {
  const row = parseStat("42 (web (main) x) S 1 42 42 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 1 0 123 1000000 256 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  assert.deepEqual(row, { ppid: 1, cpuMicros: 2_000_000, rssBytes: 256 * 4096 });
});

test("an instance's usage is its whole process tree's, nobody else's", () => {
  const table = new ProcessTable();
  table.add(10, { ppid: 1, cpuMicros: 100, rssBytes: 1000 });
  table.add(11, { ppid: 10, cpuMicros: 20, rssBytes: 300 });
  table.add(12, { ppid: 11, cpuMicros: 3, rssBytes: 40 });
  table.add(20, { ppid: 1, cpuMicros: 9999, rssBytes: 9999 });
  assert.deepEqual(table.treeOf(10), { cpuMicros: 123, memoryBytes: 1340 });
  assert.equal(table.treeOf(99), null);
});

test("reads this process from the real /proc", () => {
  const usage = ProcessTable.read().treeOf(process.pid);
  assert.ok(usage !== null && usage.memoryBytes > 1024 * 1024, "this Node process has over 1 MiB resident");
});
