import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { appConfig, tempDir, testContext } from "./build-fixtures.ts";
import { runBuildHooks } from "./run-build-hooks.ts";

async function contextWithHooks(hooks: Partial<ReturnType<typeof appConfig>["buildHooks"]>) {
  const appDir = await tempDir("hooks");
  const config = appConfig({ buildHooks: { before: [], build: [], after: [], ...hooks } });
  return testContext({ appDir, cacheDir: appDir, home: appDir, config });
}

void test("runs the phase's hooks in order through the shell, in the app directory", async () => {
  const ctx = await contextWithHooks({ before: ["echo one > order.txt", "echo two >> order.txt && pwd"], after: ["echo never"] });
  await runBuildHooks(ctx, "before");
  assert.equal(await readFile(join(ctx.appDir, "order.txt"), "utf8"), "one\ntwo\n");
  assert.ok(ctx.lines.includes("-----> Running before hook: echo one > order.txt"));
  assert.ok(ctx.lines.includes(ctx.appDir));
  assert.ok(!ctx.lines.includes("never"));
});

void test("stops at the first failing hook, naming the hook and its command", async () => {
  const ctx = await contextWithHooks({ after: ["false", "echo not reached"] });
  await assert.rejects(runBuildHooks(ctx, "after"), (error: Hop3Error) => {
    assert.equal(error.code, "BUILD_FAILED");
    assert.equal(error.message, 'build hook "after": `false` exited with code 1');
    return true;
  });
  assert.ok(!ctx.lines.includes("not reached"));
});
