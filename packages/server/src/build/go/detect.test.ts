import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { detectGo } from "./detect.ts";

void test("recognises an app by its go.mod", async () => {
  assert.equal(await detectGo(await appWith({ "go.mod": "module example.com/x\n" })), true);
});

void test("does not recognise an app with only Go sources", async () => {
  assert.equal(await detectGo(await appWith({ "main.go": "package main\n" })), false);
});
