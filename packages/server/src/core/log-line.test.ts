import { test } from "node:test";
import assert from "node:assert/strict";
import { parseLogLine, stampLogLine } from "./log-line.ts";

test("a stamped line splits into its time and its text", () => {
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z GET / 200"), { time: "2026-11-23T14:05:01.123Z", release: null, text: "GET / 200" });
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z "), { time: "2026-11-23T14:05:01.123Z", release: null, text: "" });
});

test("a line without a leading time (written before timestamps) keeps all its text", () => {
  assert.deepEqual(parseLogLine("tick 3"), { time: null, release: null, text: "tick 3" });
  assert.deepEqual(parseLogLine("2026-11-23 14:05:01 INFO started"), { time: null, release: null, text: "2026-11-23 14:05:01 INFO started" });
  assert.deepEqual(parseLogLine(""), { time: null, release: null, text: "" });
});

test("the supervisor's notes of before timestamps give their time too", () => {
  assert.deepEqual(parseLogLine("[hop3] 2026-11-23T12:00:00.000Z web.1 exited with code 1; restarting in 1.0s"), {
    time: "2026-11-23T12:00:00.000Z",
    release: null,
    text: "[hop3] web.1 exited with code 1; restarting in 1.0s",
  });
});

test("stampLogLine writes what parseLogLine reads", () => {
  const at = new Date(Date.UTC(2026, 10, 23, 14, 5, 1, 7));
  assert.equal(stampLogLine("[hop3] web.1 stopped", at), "2026-11-23T14:05:01.007Z [hop3] web.1 stopped");
  assert.deepEqual(parseLogLine(stampLogLine("x", at)), { time: "2026-11-23T14:05:01.007Z", release: null, text: "x" });
});

test("a line written by a release's instance carries its release after the time", () => {
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z v4 GET / 200"), { time: "2026-11-23T14:05:01.123Z", release: 4, text: "GET / 200" });
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z v12 "), { time: "2026-11-23T14:05:01.123Z", release: 12, text: "" });
  // Only a tag right after the time counts: the app's own text is never read as one.
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z v4 v5 text"), { time: "2026-11-23T14:05:01.123Z", release: 4, text: "v5 text" });
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z version 4"), { time: "2026-11-23T14:05:01.123Z", release: null, text: "version 4" });
  const at = new Date(Date.UTC(2026, 10, 23, 14, 5, 1, 7));
  assert.equal(stampLogLine("[hop3] web.1 stopped", at, 7), "2026-11-23T14:05:01.007Z v7 [hop3] web.1 stopped");
  assert.deepEqual(parseLogLine(stampLogLine("x", at, 7)), { time: "2026-11-23T14:05:01.007Z", release: 7, text: "x" });
});
