import { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { runBuildStep, quoteArgv, readStepOutput } from "./build-step.ts";
import { tempDir, testContext } from "./build-fixtures.ts";

async function context(signal?: AbortSignal) {
  const dir = await tempDir("step");
  return testContext({ appDir: dir, cacheDir: dir, home: dir, ...(signal === undefined ? {} : { signal }) });
}

void test("announces a step and streams its output", async () => {
  const ctx = await context();
  await runBuildStep(ctx, { label: "demo", title: "Saying hello", argv: ["sh", "-c", "echo hello; echo oops >&2"] });
  assert.deepEqual(ctx.lines, ["-----> Saying hello", "hello", "oops"]);
});

void test("fails with BUILD_FAILED naming the builder, the command and its exit code", async () => {
  const ctx = await context();
  await assert.rejects(runBuildStep(ctx, { label: "demo", argv: ["sh", "-c", "exit 3"] }), (error: Hop3Error) => {
    assert.equal(error.code, "BUILD_FAILED");
    assert.equal(error.message, "demo: `sh -c 'exit 3'` exited with code 3");
    return true;
  });
});

void test("fails with BUILD_FAILED when the program is not on PATH", async () => {
  const ctx = await context();
  await assert.rejects(
    runBuildStep(ctx, { label: "demo", argv: ["hop3-no-such-program", "x"] }),
    (error: Hop3Error) => error.code === "BUILD_FAILED" && error.message === "demo: `hop3-no-such-program` was not found on PATH (running `hop3-no-such-program x`)",
  );
});

void test("reports a cancelled build as cancelled rather than as a crash", async () => {
  const controller = new AbortController();
  const ctx = await context(controller.signal);
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(runBuildStep(ctx, { label: "demo", argv: ["sleep", "10"] }), /demo: build cancelled during `sleep 10`/);
});

void test("a step stopped at the build's time limit fails with the limit's error, naming the step", async () => {
  const deadline = new AbortController();
  const ctx = await context(deadline.signal);
  setTimeout(() => deadline.abort(new Hop3Error("BUILD_TIMED_OUT", "The build of blog did not finish within 0.1s (server setting build-timeout).")), 100);
  await assert.rejects(runBuildStep(ctx, { label: 'build hook "before"', argv: ["sh", "-c", "sleep 30"], shown: "sleep 30" }), (error: Hop3Error) => {
    assert.equal(error.code, "BUILD_TIMED_OUT");
    assert.equal(error.message, 'build hook "before": `sleep 30` was stopped: the build of blog did not finish within 0.1s (server setting build-timeout).');
    return true;
  });
});

void test("reads a command's stdout without printing it", async () => {
  const ctx = await context();
  assert.deepEqual(await readStepOutput(ctx, { label: "demo", argv: ["sh", "-c", "echo a; echo b"] }), ["a", "b"]);
  assert.deepEqual(ctx.lines, []);
});

void test("quotes only the words of a command that need it", () => {
  assert.equal(quoteArgv(["pip", "install", "-r", "requirements.txt"]), "pip install -r requirements.txt");
  assert.equal(quoteArgv(["sh", "-c", "echo it's"]), `sh -c 'echo it'\\''s'`);
});
