import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appConfig, appWith, tempDir, testContext } from "./build-fixtures.ts";
import { checkBuiltPrograms, processProgram } from "./process-program.ts";

void test("finds the program a process command starts, past exec and variable assignments", () => {
  assert.equal(processProgram("./target/release/app --port $PORT"), "./target/release/app");
  assert.equal(processProgram("RUST_LOG=info exec app"), "app");
  assert.equal(processProgram("$HOME/bin/app"), null);
  assert.equal(processProgram('"quoted app"'), null);
});

async function contextWith(processes: Record<string, string>) {
  return testContext({ appDir: await appWith({}), cacheDir: await tempDir("cache"), home: await tempDir("home"), config: appConfig({ processes }) });
}

void test("accepts processes running a built binary, by path or by name, or a command on PATH", async () => {
  const ctx = await contextWith({ web: "./target/release/app", worker: "exec app --queue", clock: "sleep 60" });
  await checkBuiltPrograms(ctx, { label: "rust", outputDir: "target/release", built: ["app"], tool: "cargo" });
});

void test("names the process and the missing binary when the build did not produce it", async () => {
  const byPath = await contextWith({ web: "./target/release/ap" });
  await assert.rejects(checkBuiltPrograms(byPath, { label: "rust", outputDir: "target/release", built: ["app"], tool: "cargo" }), (error: Hop3Error) => {
    assert.equal(error.code, "BUILD_FAILED");
    assert.equal(error.message, 'rust: process "web" runs ./target/release/ap, but cargo built no binary named "ap" (built: app)');
    return true;
  });
  const byName = await contextWith({ web: "ap" });
  await assert.rejects(checkBuiltPrograms(byName, { label: "rust", outputDir: "target/release", built: ["app"], tool: "cargo" }), /"ap", which is neither a binary cargo built \(built: app\) nor a command on PATH/);
});
