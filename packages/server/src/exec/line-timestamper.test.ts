import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startDetached } from "./start-detached.ts";
import { startTimestamped, timestampedCommand } from "./line-timestamper.ts";
import { groupAlive, killTree } from "./kill-tree.ts";
import { identifyProcess, isStillRunning } from "./process-identity.ts";

const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

function withLog(run: (log: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "hop3-ts-"));
    try {
      await run(join(dir, "web.1.log"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Pids of the timestamper processes writing to `log` (found by their open file). */
function timestampersOf(log: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("hop3-timestamp") && readdirSync(`/proc/${pid}/fd`).some((fd) => safeReadlink(`/proc/${pid}/fd/${fd}`) === log);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function safeReadlink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition() && Date.now() < deadline; ) await sleep(20);
}

test(
  "stdout and stderr lines are stamped with the UTC time in milliseconds; the exit status is the app's",
  withLog(async (log) => {
    writeFileSync(log, "an earlier line\n");
    const before = new Date().toISOString();
    const child = startDetached({ argv: timestampedCommand("echo out; echo err >&2; echo \"home: $HOME\"; echo 'as typed: $HOME'; printf 'no newline'; exit 3"), cwd: "/", env: { PATH: "/usr/bin:/bin", HOME: "/home/x" }, logFile: log });
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 3);
    await waitFor(() => readFileSync(log, "utf8").includes("no newline\n"));
    const lines = readFileSync(log, "utf8").split("\n").slice(0, -1);
    assert.equal(lines[0], "an earlier line", "appended to what was there");
    assert.deepEqual(
      lines.slice(1).map((line) => line.replace(stamp, "")),
      ["out", "err", "home: /home/x", "as typed: $HOME", "no newline"],
    );
    for (const line of lines.slice(1)) {
      assert.match(line, stamp);
      assert.ok(line.slice(0, 24) >= before, `${line} is stamped after ${before}`);
    }
  }),
);

test(
  "a release's instance tags each of its lines, the unfinished last one too, with its release after the time",
  withLog(async (log) => {
    const child = startDetached({ argv: timestampedCommand("echo one; echo two >&2; printf 'v9 not a tag'", 4), cwd: "/", env: { PATH: "/usr/bin:/bin" }, logFile: log });
    await once(child, "exit");
    await waitFor(() => readFileSync(log, "utf8").includes("not a tag\n"));
    const lines = readFileSync(log, "utf8").split("\n").slice(0, -1);
    assert.deepEqual(lines.map((line) => line.replace(stamp, "")), ["v4 one", "v4 two", "v4 v9 not a tag"]);
  }),
);

test(
  "the pid started is the app's shell, leading the instance's group; killing the group ends the timestamper too",
  withLog(async (log) => {
    const child = startDetached({ argv: timestampedCommand("echo started; sleep 30"), cwd: "/", env: { PATH: "/usr/bin:/bin" }, logFile: log });
    const pid = child.pid as number;
    const identity = identifyProcess(pid);
    assert.ok(identity);
    await waitFor(() => readFileSync(log, "utf8").includes("started"));
    assert.match(readFileSync(log, "utf8"), /^\d{4}-.*Z started\n$/);
    assert.deepEqual(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, 2), ["/bin/sh", "-c"], "the app's shell, not a wrapper");
    assert.equal(isStillRunning(identity), true, "the identity recorded at launch still matches after the exec");
    const exited = once(child, "exit");
    killTree(pid, "SIGTERM");
    await exited;
    await waitFor(() => !groupAlive(pid) && timestampersOf(log).length === 0);
    assert.equal(groupAlive(pid), false);
    assert.deepEqual(timestampersOf(log), [], "no timestamper left");
  }),
);

test(
  "lines written just before a crash are in the log once outputDone settles, even when the group is killed at once",
  withLog(async (log) => {
    const { child, outputDone } = startTimestamped({ command: "i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done; echo last words; exit 1", cwd: "/", env: { PATH: "/usr/bin:/bin" }, logFile: log });
    const pid = child.pid as number;
    await once(child, "exit");
    killTree(pid, "SIGKILL");
    await outputDone;
    const lines = readFileSync(log, "utf8").split("\n").slice(0, -1);
    assert.equal(lines.length, 201);
    assert.match(lines.at(-1) ?? "", /Z last words$/);
  }),
);

test(
  "outputDone waits for the app's children that share its output",
  withLog(async (log) => {
    const { child, outputDone } = startTimestamped({ command: "(sleep 0.3; echo from the child) & echo from the shell", cwd: "/", env: { PATH: "/usr/bin:/bin" }, logFile: log });
    await once(child, "exit");
    await outputDone;
    assert.match(readFileSync(log, "utf8"), /Z from the shell\n.*Z from the child\n$/);
  }),
);
