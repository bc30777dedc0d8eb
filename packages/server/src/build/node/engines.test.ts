import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkNodeEngine, checkNodeVersion } from "./engines.ts";

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

test("hop3.toml [build] node-version must name the server's Node.js major, and says which one it has", () => {
  checkNodeVersion(null, "v20.20.2");
  checkNodeVersion("20", "v20.20.2");
  checkNodeVersion("20.11", "v20.20.2");
  assert.throws(() => checkNodeVersion("18", "v20.20.2"), (error: Error & { hint?: string }) => {
    assert.equal(error.message, 'node: hop3.toml [build] node-version = "18" asks for Node.js 18, but this server has Node.js 20.20.2 only');
    assert.match(error.hint ?? "", /node-version = "20"/);
    return true;
  });
});
