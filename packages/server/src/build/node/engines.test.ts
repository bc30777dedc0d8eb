import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkNodeEngine } from "./engines.ts";

void test("accepts the ranges the installed Node.js satisfies, and no range at all", () => {
  for (const range of [null, "", "*", ">=18", "20.x", "^20.1.0", "18 || 20", ">=18 <21"]) checkNodeEngine(range, "v20.20.2");
});

void test("refuses a range the installed Node.js is outside of, naming both", () => {
  assert.throws(
    () => checkNodeEngine(">=22", "v20.20.2"),
    (error: Hop3Error) => {
      assert.equal(error.code, "BUILD_FAILED");
      assert.equal(error.message, 'node: package.json engines.node ">=22" is not satisfied by the installed Node.js 20.20.2');
      return true;
    },
  );
});

void test("refuses a range that is not one", () => {
  assert.throws(() => checkNodeEngine("the latest please", "v20.20.2"), /engines.node "the latest please" is not a version range/);
});
