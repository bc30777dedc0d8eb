import { test } from "node:test";
import assert from "node:assert/strict";
import { compileLogPattern, logPatternProblem } from "./log-pattern.ts";

test("a log-pattern is a regular expression run by the linear engine", () => {
  const pattern = compileLogPattern("OutOfMemory|FATAL: .*database");
  assert.ok(pattern.flags.includes("l"), "compiled for the linear-time engine");
  assert.ok(pattern.test("2026 FATAL: lost the database"));
  assert.ok(!pattern.test("all fine"));
  // The classic catastrophic pattern is accepted because this engine does not backtrack on it.
  assert.ok(compileLogPattern("(a+)+$").flags.includes("l"));
});

test("patterns that need backtracking, malformed ones and overlong ones are refused with a reason", () => {
  assert.match(logPatternProblem("(a)\\1") ?? "", /back-references/);
  assert.match(logPatternProblem("(unclosed") ?? "", /Unterminated group/);
  assert.match(logPatternProblem("x".repeat(201)) ?? "", /1 to 200 characters/);
  assert.equal(logPatternProblem("error"), undefined);
});
