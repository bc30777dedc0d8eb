import assert from "node:assert/strict";
import { test } from "node:test";
import { appConfig } from "../build-fixtures.ts";
import { detectProcfile } from "./detect.ts";

void test("recognises an app whose config names a process", () => {
  assert.equal(detectProcfile(appConfig({ processes: { web: "./serve" } })), true);
  assert.equal(detectProcfile(appConfig({ processes: { worker: "./work" } })), true);
});

void test("does not recognise an app whose config names no process", () => {
  assert.equal(detectProcfile(appConfig({ staticRoot: "public" })), false);
});
