import assert from "node:assert/strict";
import { test } from "node:test";
import { durationMs, durationPattern } from "./duration.ts";

test("reads a number as seconds and a string by its unit", () => {
  assert.equal(durationMs(5), 5000);
  assert.equal(durationMs(1.1), 1100);
  assert.equal(durationMs("500ms"), 500);
  assert.equal(durationMs("5s"), 5000);
  assert.equal(durationMs("1.5m"), 90_000);
  assert.equal(durationMs("1h"), 3_600_000);
});

test("keeps a tiny positive duration positive", () => {
  assert.equal(durationMs(0.0001), 1);
  assert.equal(durationMs("0.1ms"), 1);
});

test("accepts only positive durations with a unit in strings", () => {
  const pattern = new RegExp(durationPattern);
  for (const valid of ["5s", "500ms", "0.5s", "10m", "2h"]) assert.ok(pattern.test(valid), valid);
  for (const invalid of ["0s", "0.0ms", "-5s", "5", "5 s", "5sec", "1m30s", ""]) assert.ok(!pattern.test(invalid), invalid);
});
