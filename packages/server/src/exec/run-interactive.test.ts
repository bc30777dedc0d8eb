import { test } from "node:test";
import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { runInteractive } from "./run-interactive.ts";

const env = { PATH: "/usr/bin:/bin" };

test("streams stdin to the command and reports its exit code", async () => {
  const command = runInteractive({ argv: ["sh", "-c", "cat; echo oops >&2; exit 3"], cwd: "/tmp", env });
  command.stdin.end("in and out\n");
  const [stdout, stderr, exit] = await Promise.all([text(command.stdout), text(command.stderr), command.exited]);
  assert.equal(stdout, "in and out\n");
  assert.equal(stderr, "oops\n");
  assert.deepEqual(exit, { exitCode: 3, signal: null });
});

test("a missing program exits 127 with a message, as in a shell", async () => {
  const command = runInteractive({ argv: ["no-such-program-here"], cwd: "/tmp", env });
  const exit = await command.exited;
  assert.equal(exit.exitCode, 127);
  assert.match(exit.startError ?? "", /no-such-program-here: command not found/);
});

test("with a terminal: the command sees a tty of the given size, follows a resize, and its status comes back", async () => {
  const command = runInteractive({ argv: ["sh", "-c", "tty; stty size; read line; stty size; exit 5"], cwd: "/tmp", env, terminal: { columns: 100, rows: 30 } });
  let output = "";
  command.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    if (output.includes("30 100") && !output.includes("resized")) {
      output += "resized";
      command.resize({ columns: 120, rows: 40 });
      setTimeout(() => command.stdin.write("go\n"), 200);
    }
  });
  const exit = await command.exited;
  assert.deepEqual(exit, { exitCode: 5, signal: null });
  assert.match(output, /^\/dev\/pts\/\d+\r\n30 100\r\n/);
  assert.match(output, /40 120\r\n/);
});

test("kill() ends the command and what it started, with and without a terminal", async () => {
  for (const terminal of [undefined, { columns: 80, rows: 24 }]) {
    const command = runInteractive({ argv: ["sh", "-c", "sleep 600 & sleep 600"], cwd: "/tmp", env, terminal });
    command.stdout.resume();
    command.stderr.resume();
    await new Promise((resolve) => setTimeout(resolve, 300));
    command.kill();
    const exit = await command.exited;
    assert.notEqual(exit.signal ?? exit.exitCode, 0);
  }
});
