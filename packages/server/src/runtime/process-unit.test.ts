import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { InstanceSpec, ProcessLauncher, SupervisedChild } from "./instance-spec.ts";
import { ProcessUnit } from "./process-unit.ts";
import { backoffDelay } from "./backoff.ts";

class FakeChild extends EventEmitter implements SupervisedChild {
  readonly pid: number;
  constructor(pid: number) {
    super();
    this.pid = pid;
  }
}

function fakeLauncher() {
  const children: FakeChild[] = [];
  const signals: string[] = [];
  const gone = new Set<number>();
  const launcher: ProcessLauncher = {
    groupAlive: (pid) => !gone.has(pid),
    watch: (identity) => {
      const child = new FakeChild(identity.pid);
      children.push(child);
      return child;
    },
    launch: () => {
      const child = new FakeChild(1000 + children.length);
      children.push(child);
      return child;
    },
    killGroup: (pid, signal) => {
      signals.push(`${pid}:${signal}`);
      if (signal === "SIGKILL" || !children.find((c) => c.pid === pid)?.listenerCount("ignore-term")) {
        gone.add(pid);
        queueMicrotask(() => children.find((c) => c.pid === pid)?.emit("exit", null, signal));
      }
    },
  };
  return { launcher, children, signals };
}

const spec: InstanceSpec = { app: "a", release: 1, type: "web", index: 1, command: "x", cwd: "/", env: {}, runAs: undefined, logFile: "/dev/null", port: 5000 };
const quickBackoff = { initialMs: 20, maxMs: 200, stableAfterMs: 10_000 };

test("restarts an instance that exits on its own, with a new pid and growing backoff", async () => {
  const { launcher, children } = fakeLauncher();
  const notes: string[] = [];
  const unit = new ProcessUnit({ spec, launcher, backoff: quickBackoff, note: (_, m) => notes.push(m) });
  unit.start();
  assert.equal(unit.pid, 1000);
  children[0]?.emit("exit", 1, null);
  assert.equal(unit.state, "backoff");
  await sleep(40);
  assert.equal(unit.state, "running");
  assert.equal(unit.pid, 1001);
  assert.equal(unit.restarts, 1);
  children[1]?.emit("exit", 1, null);
  assert.deepEqual(notes, ["exited with code 1; restarting in 20ms", "exited with code 1; restarting in 40ms"]);
  await sleep(60);
  assert.equal(unit.restarts, 2);
});

test("stops with SIGTERM and does not restart a stopped instance", async () => {
  const { launcher, signals } = fakeLauncher();
  const unit = new ProcessUnit({ spec, launcher, backoff: quickBackoff, note: () => {} });
  unit.start();
  await unit.stop(1000);
  assert.deepEqual(signals, ["1000:SIGTERM"]);
  assert.equal(unit.state, "stopped");
  await sleep(40);
  assert.equal(unit.state, "stopped");
});

test("sends SIGKILL when SIGTERM is ignored past the stop timeout", async () => {
  const { launcher, children, signals } = fakeLauncher();
  const unit = new ProcessUnit({ spec, launcher, backoff: quickBackoff, note: () => {} });
  unit.start();
  children[0]?.on("ignore-term", () => {});
  await unit.stop(30);
  assert.deepEqual(signals, ["1000:SIGTERM", "1000:SIGKILL"]);
});

test("backoff doubles up to its cap", () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(quickBackoff, n)), [20, 40, 80, 160, 200]);
});

test("waits for the whole process group, and kills what outlives the shell", async () => {
  const { launcher, signals } = fakeLauncher();
  const lingering: ProcessLauncher = { ...launcher, groupAlive: () => true };
  const unit = new ProcessUnit({ spec, launcher: lingering, backoff: quickBackoff, note: () => {} });
  unit.start();
  await unit.stop(100);
  assert.deepEqual(signals.slice(0, 2), ["1000:SIGTERM", "1000:SIGKILL"]);
  assert.equal(unit.state, "stopped");
});

test("adopts a process of an earlier server run and restarts it when it dies", async () => {
  const { launcher, children } = fakeLauncher();
  const launched: number[] = [];
  const unit = new ProcessUnit({
    spec,
    launcher,
    backoff: quickBackoff,
    note: () => {},
    lifecycle: { launched: (_, pid) => launched.push(pid), stopped: () => {} },
  });
  unit.adopt({ pid: 4242, bootId: "b", startTicks: "1" }, new Date(Date.now() - 60_000));
  assert.equal(unit.pid, 4242);
  assert.equal(unit.state, "running");
  assert.deepEqual(launched, [], "adopting starts nothing");
  children[0]?.emit("exit", null, null);
  await sleep(40);
  assert.equal(unit.state, "running");
  assert.equal(unit.restarts, 1);
  assert.equal(launched.length, 1, "the restart is recorded");
});

test("marks an instance failed after crashing the crash limit times in a row, and restarts it no more", async () => {
  const { launcher, children } = fakeLauncher();
  const notes: string[] = [];
  const unit = new ProcessUnit({ spec, launcher, backoff: { initialMs: 1, maxMs: 2, stableAfterMs: 10_000 }, note: (_, m) => notes.push(m), crashLimit: 3 });
  unit.start();
  for (let crash = 1; crash <= 3; crash++) {
    for (let i = 0; i < 50 && unit.state !== "running"; i++) await sleep(5);
    children.at(-1)?.emit("exit", 1, null);
  }
  assert.equal(unit.state, "failed");
  assert.equal(unit.pid, null);
  assert.equal(unit.alive, false);
  assert.match(notes.at(-1) ?? "", /crashed 3 times in a row.*marked failed, not restarting/);
  await sleep(30);
  assert.equal(children.length, 3, "no restart after failing");
  assert.equal(unit.state, "failed");
  await unit.stop(100);
  assert.equal(unit.state, "stopped");
});

test("a crash after a stable run starts the count over, so it never reaches failed", async () => {
  const { launcher, children } = fakeLauncher();
  const unit = new ProcessUnit({ spec, launcher, backoff: { initialMs: 1, maxMs: 2, stableAfterMs: 0 }, note: () => {}, crashLimit: 2 });
  unit.start();
  for (let crash = 1; crash <= 4; crash++) {
    for (let i = 0; i < 50 && unit.state !== "running"; i++) await sleep(5);
    children.at(-1)?.emit("exit", 1, null);
  }
  assert.equal(unit.state, "backoff");
});

test("the note about an exit waits until the app's last lines are in the log", async () => {
  const { launcher, children } = fakeLauncher();
  let writeLastLines = () => {};
  const outputDone = new Promise<void>((resolve) => (writeLastLines = resolve));
  const withOutput: ProcessLauncher = { ...launcher, launch: (s) => Object.assign(launcher.launch(s), { outputDone }) };
  const log: string[] = [];
  const unit = new ProcessUnit({ spec, launcher: withOutput, backoff: quickBackoff, note: (_, m) => log.push(`note: ${m}`) });
  unit.start();
  children[0]?.emit("exit", 1, null);
  assert.equal(unit.state, "backoff", "the state changes at once");
  await sleep(5);
  assert.equal(log.length, 0, "no note before the output is done");
  log.push("Traceback: the app's last words");
  writeLastLines();
  await sleep(5);
  assert.deepEqual(log, ["Traceback: the app's last words", "note: exited with code 1; restarting in 20ms"]);
  unit.detach();
});

test("the note is written anyway when the output does not end (a child kept the pipe)", async () => {
  const { launcher, children } = fakeLauncher();
  const never = new Promise<void>(() => {});
  const withOutput: ProcessLauncher = { ...launcher, launch: (s) => Object.assign(launcher.launch(s), { outputDone: never }) };
  const notes: string[] = [];
  const unit = new ProcessUnit({ spec, launcher: withOutput, backoff: { ...quickBackoff, initialMs: 5000, maxMs: 5000 }, note: (_, m) => notes.push(m) });
  unit.start();
  children[0]?.emit("exit", 1, null);
  await sleep(700);
  assert.deepEqual(notes, ["exited with code 1; restarting in 5.0s"]);
  unit.detach();
});
