import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { followLogs } from "./log-follower.ts";

test("streams what an instance wrote between its start and the moment following began, and nothing older", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-follow-"));
  try {
    const log = join(dir, "web.1.log");
    writeFileSync(log, "the previous release's line\n");
    const startedAt = statSync(log).size;
    appendFileSync(log, "Listening at http://127.0.0.1:30001\n"); // written before the follower starts
    const lines: string[] = [];
    const follower = followLogs([log], (_file, line) => lines.push(line), 60_000, new Map([[log, startedAt]]));
    appendFileSync(log, "Booting worker\n");
    follower.stop();
    assert.deepEqual(lines, ["Listening at http://127.0.0.1:30001", "Booting worker"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without a start offset, follows from the file's end", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-follow-"));
  try {
    const log = join(dir, "web.1.log");
    writeFileSync(log, "old\n");
    const lines: string[] = [];
    const follower = followLogs([log], (_file, line) => lines.push(line), 60_000);
    appendFileSync(log, "new\n");
    follower.stop();
    assert.deepEqual(lines, ["new"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
