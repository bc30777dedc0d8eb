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

test("a line without a line end longer than 8 KiB comes out in 8 KiB pieces, none longer", async () => {
  const lengths: number[] = [];
  const result = await runCommand({ argv: ["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' a"], cwd: "/", env, onLine: (_stream, line) => lengths.push(line.length) });
  assert.equal(result.exitCode, 0);
  assert.equal(lengths.reduce((sum, length) => sum + length, 0), 100_000);
  assert.ok(lengths.every((length) => length <= 8192), `longest ${Math.max(...lengths)}`);
  assert.ok(result.tail.every((line) => line.length <= 8192));
});

test("the timeout still kills a child left behind that holds the output open after the command exited", async () => {
  const result = await runCommand({ argv: ["sh", "-c", "sleep 30 & exit 0"], cwd: "/", env, timeoutMs: 300 });
  assert.equal(result.exitCode, 0, "the command itself exited");
  assert.equal(result.timedOut, true, "the child holding its output was killed at the timeout");
});

test("a signal already aborted kills the command at once", async () => {
  const result = await runCommand({ argv: ["sleep", "30"], cwd: "/", env, signal: AbortSignal.abort() });
  assert.equal(result.signal, "SIGKILL");
});
