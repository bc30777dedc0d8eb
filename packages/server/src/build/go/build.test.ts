import assert from "node:assert/strict";
import { test } from "node:test";
import { goBinaryName, goModuleName } from "./build.ts";

void test("reads the module path from go.mod, quoted or not", () => {
  assert.equal(goModuleName("// comment\nmodule example.com/shop\n\ngo 1.22\n"), "example.com/shop");
  assert.equal(goModuleName('module "example.com/quoted"\n'), "example.com/quoted");
  assert.equal(goModuleName("go 1.22\n"), null);
});

void test("names the binary after the module's last path element, skipping a major version", () => {
  assert.equal(goBinaryName("example.com/go-app"), "go-app");
  assert.equal(goBinaryName("github.com/acme/tool/v2"), "tool");
  assert.equal(goBinaryName("hello"), "hello");
});

void test("falls back to a safe binary name when the module path gives none", () => {
  assert.equal(goBinaryName(null), "app");
  assert.equal(goBinaryName("example.com/..."), "app");
  assert.equal(goBinaryName("example.com/we ird$name"), "we-ird-name");
});
