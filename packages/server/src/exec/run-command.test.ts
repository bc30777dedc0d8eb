import { test } from "node:test";
import assert from "node:assert/strict";
import { runCommand } from "./run-command.ts";

const env = { PATH: "/usr/bin:/bin" };

test("streams each line of both streams and reports the exit code", async () => {
  const lines: string[] = [];
  const result = await runCommand({
    argv: ["sh", "-c", "echo one; echo two >&2; exit 3"],
    cwd: "/",
    env,
    onLine: (stream, line) => lines.push(`${stream}:${line}`),
  });
  assert.equal(result.exitCode, 3);
  assert.deepEqual(lines.sort(), ["stderr:two", "stdout:one"]);
});

test("passes only the environment it is given", async () => {
  const result = await runCommand({ argv: ["sh", "-c", "echo ${HOME:-nohome} $ONLY"], cwd: "/", env: { ...env, ONLY: "x y" } });
  assert.deepEqual(result.tail, ["nohome x y"]);
});

test("kills the whole process tree on timeout", async () => {
  const started = Date.now();
  const result = await runCommand({ argv: ["sh", "-c", "sleep 30 & sleep 30"], cwd: "/", env, timeoutMs: 200 });
  assert.equal(result.timedOut, true);
  assert.ok(Date.now() - started < 5000);
});
