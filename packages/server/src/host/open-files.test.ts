import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { countOpenFiles } from "./open-files.ts";

test("counts the descriptors of a process and its children, only for the accounts allowed", async () => {
  // A shell holding three extra descriptors, with a child (sleep) inheriting them.
  const child = spawn("sh", ["-c", "exec 7</dev/null 8</dev/null 9</dev/null; sleep 30 & wait"], { stdio: "ignore" });
  await once(child, "spawn");
  const pid = child.pid as number;
  const me = process.getuid?.() ?? 0;
  // Until the shell has opened its descriptors and started sleep.
  let both: number | null = null;
  for (let i = 0; i < 100 && (both ?? 0) < 12; i++) {
    both = countOpenFiles(pid, (uid) => uid === me);
    if ((both ?? 0) < 12) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(both !== null && both >= 2 * 6, `the shell and sleep each hold stdio and fds 7-9: ${both}`);
  assert.equal(countOpenFiles(pid, () => false), null, "a process of an account not allowed is not counted");
  assert.equal(countOpenFiles(2 ** 22, () => true), null, "a pid that is not running");
  child.kill("SIGKILL");
  await once(child, "exit");
});
