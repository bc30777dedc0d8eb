import { test } from "node:test";
import assert from "node:assert/strict";
import { FailedAuthThrottle } from "./failed-auth-throttle.ts";

test("a flood of bad tokens from one address: the first few failures each minute are recorded, the rest summed up once", () => {
  let now = 0;
  const throttle = new FailedAuthThrottle(3, { now: () => now });
  const verdicts = Array.from({ length: 10 }, () => throttle.admit("203.0.113.9"));
  assert.deepEqual(verdicts.map((verdict) => verdict.record), [true, true, true, false, false, false, false, false, false, false]);
  assert.equal(throttle.admit("198.51.100.1").record, true, "another address has its own count");
  now = 60_000;
  assert.deepEqual(throttle.admit("203.0.113.9"), { record: true, suppressed: 7 });
  assert.deepEqual(throttle.admit("203.0.113.9"), { record: true, suppressed: 0 });
});
