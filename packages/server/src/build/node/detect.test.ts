import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { detectNode } from "./detect.ts";

void test("recognises an app by its package.json", async () => {
  assert.equal(await detectNode(await appWith({ "package.json": "{}" })), true);
});

void test("does not recognise an app with only JavaScript sources", async () => {
  assert.equal(await detectNode(await appWith({ "server.js": "" })), false);
});
