import assert from "node:assert/strict";
import { test } from "node:test";
import { closestName } from "./suggest.ts";

const names = ["deploy", "apps", "apps:create", "apps:info", "apps:destroy", "ps", "status", "login"];

test("suggests the command one typo away", () => {
  assert.equal(closestName("aps", names), "apps");
  assert.equal(closestName("deplyo", names), "deploy");
  assert.equal(closestName("apps:infoo", names), "apps:info");
});

test("suggests the namespaced command for its bare name", () => {
  assert.equal(closestName("destroy", names), "apps:destroy");
});

test("suggests nothing when no command is close", () => {
  assert.equal(closestName("xyzzy", names), undefined);
});
