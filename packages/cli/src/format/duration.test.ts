import assert from "node:assert/strict";
import { test } from "node:test";
import { formatBytes } from "./bytes.ts";
import { formatDuration } from "./duration.ts";

test("shows durations with at most two units", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(45.9), "45s");
  assert.equal(formatDuration(192), "3m12s");
  assert.equal(formatDuration(3600 * 2 + 5 * 60 + 7), "2h5m");
  assert.equal(formatDuration(86400 * 4 + 3600 * 3 + 1), "4d3h");
});

test("shows sizes in binary units, as the server does", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(3400), "3.3 KiB");
  assert.equal(formatBytes(12_300_000), "12 MiB");
});
