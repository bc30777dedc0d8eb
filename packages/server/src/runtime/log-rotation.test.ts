import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rotateLog, rotateLogs } from "./log-rotation.ts";

const policy = { maxBytes: 100, keep: 2 };

test("leaves a log under the size limit alone", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-rot-")), "web.1.log");
  writeFileSync(file, "short\n");
  assert.equal(rotateLog(file, policy), false);
  assert.equal(existsSync(`${file}.1`), false);
});

test("copies a full log to .1 and truncates it, while a writer's append fd keeps writing at the new end", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-rot-")), "web.1.log");
  const fd = openSync(file, "a");
  try {
    writeSync(fd, "x".repeat(120));
    assert.equal(rotateLog(file, policy), true);
    writeSync(fd, "after\n");
  } finally {
    closeSync(fd);
  }
  assert.equal(readFileSync(`${file}.1`, "utf8"), "x".repeat(120));
  assert.equal(readFileSync(file, "utf8"), "after\n", "no hole of zeros before the new line");
});

test("keeps only the newest `keep` rotated files", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-rot-")), "web.1.log");
  for (const round of ["a", "b", "c"]) {
    writeFileSync(file, round.repeat(100));
    rotateLog(file, policy);
  }
  assert.equal(readFileSync(`${file}.1`, "utf8"), "c".repeat(100));
  assert.equal(readFileSync(`${file}.2`, "utf8"), "b".repeat(100));
  assert.equal(existsSync(`${file}.3`), false);
});

test("rotates every app's instance logs in the logs directory", () => {
  const logs = mkdtempSync(join(tmpdir(), "hop3-rot-"));
  mkdirSync(join(logs, "a"));
  writeFileSync(join(logs, "a", "web.1.log"), "y".repeat(200));
  writeFileSync(join(logs, "a", "worker.1.log"), "small");
  assert.equal(rotateLogs(logs, policy), 1);
  assert.equal(rotateLogs(join(logs, "missing"), policy), 0);
});
