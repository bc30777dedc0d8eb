import { test } from "node:test";
import assert from "node:assert/strict";
import { cronScheduleProblem } from "./cron-schedule.ts";

void test("names the out-of-range value exactly as written, not croner's shifted one", () => {
  assert.equal(cronScheduleProblem("0 0 1 13 *"), "month 13 is out of range (month is 1-12)");
  assert.equal(cronScheduleProblem("0 0 32 * *"), "day of month 32 is out of range (day of month is 1-31)");
  assert.equal(cronScheduleProblem("0 0 0 * *"), "day of month 0 is out of range (day of month is 1-31)");
  assert.equal(cronScheduleProblem("1-70 * * * *"), "minute range 1-70: 70 is out of range (minute is 0-59)");
  assert.equal(cronScheduleProblem("5,61 * * * *"), "minute 61 is out of range (minute is 0-59)");
  assert.equal(cronScheduleProblem("* * * * 8"), "day of week 8 is out of range (day of week is 0-7)");
});

void test("accepts the edges of every field and leaves names to croner", () => {
  for (const schedule of ["59 23 31 12 7", "0 0 1 1 0", "*/15 1-5 1,15 JAN-MAR MON-FRI", "@daily"]) assert.equal(cronScheduleProblem(schedule), undefined, schedule);
  assert.equal(cronScheduleProblem("0 0 31 2 *"), "it never matches a date");
});
