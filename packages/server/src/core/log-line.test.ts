import { test } from "node:test";
import assert from "node:assert/strict";
import { parseLogLine, stampLogLine } from "./log-line.ts";

test("a stamped line splits into its time and its text", () => {
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z GET / 200"), { time: "2026-11-23T14:05:01.123Z", text: "GET / 200" });
  assert.deepEqual(parseLogLine("2026-11-23T14:05:01.123Z "), { time: "2026-11-23T14:05:01.123Z", text: "" });
});

test("a line without a leading time (written before timestamps) keeps all its text", () => {
  assert.deepEqual(parseLogLine("tick 3"), { time: null, text: "tick 3" });
  assert.deepEqual(parseLogLine("2026-11-23 14:05:01 INFO started"), { time: null, text: "2026-11-23 14:05:01 INFO started" });
  assert.deepEqual(parseLogLine(""), { time: null, text: "" });
});

test("the supervisor's notes of before timestamps give their time too", () => {
  assert.deepEqual(parseLogLine("[hop3] 2026-11-23T12:00:00.000Z web.1 exited with code 1; restarting in 1.0s"), {
    time: "2026-11-23T12:00:00.000Z",
    text: "[hop3] web.1 exited with code 1; restarting in 1.0s",
  });
});

test("stampLogLine writes what parseLogLine reads", () => {
  const at = new Date(Date.UTC(2026, 10, 23, 14, 5, 1, 7));
  assert.equal(stampLogLine("[hop3] web.1 stopped", at), "2026-11-23T14:05:01.007Z [hop3] web.1 stopped");
  assert.deepEqual(parseLogLine(stampLogLine("x", at)), { time: "2026-11-23T14:05:01.007Z", text: "x" });
});
