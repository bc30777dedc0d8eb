import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import type { CronJob } from "../core/cron-job.ts";
import type { ProcessIdentity } from "../exec/process-identity.ts";
import type { CronAppSource, CronTarget } from "./cron-apps.ts";
import type { CronExit, CronLauncher, CronRunSpec, LaunchedRun } from "./cron-launcher.ts";
import { FakeClock } from "../scheduler/fake-clock.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { CronScheduler } from "./cron-scheduler.ts";
import { MemoryCronState } from "./cron-state.ts";

/** A launched fake process: the test ends it with `exit`. */
interface FakeRun {
  readonly spec: CronRunSpec;
  readonly identity: ProcessIdentity;
  killed: boolean;
  exit(exit: CronExit): void;
}

function fakeLauncher(alive: Set<number> = new Set()) {
  const runs: FakeRun[] = [];
  let nextPid = 1000;
  const launcher: CronLauncher = {
    launch(spec): LaunchedRun {
      const identity = { pid: nextPid++, bootId: "boot", startTicks: "1" };
      let exit!: (value: CronExit) => void;
      const exited = new Promise<CronExit>((resolve) => (exit = resolve));
      const run: FakeRun = { spec, identity, killed: false, exit };
      runs.push(run);
      return {
        identity: Promise.resolve(identity),
        exited,
        kill: () => {
          run.killed = true;
          exit({ exitCode: null, signal: "SIGKILL" });
        },
        detach: () => undefined,
      };
    },
    stillRunning: (identity) => alive.has(identity.pid),
    kill: (identity) => alive.delete(identity.pid),
  };
  return { launcher, runs };
}

function setup(options: { jobs?: CronJob[]; paused?: boolean; timeoutMs?: number; alive?: Set<number>; state?: MemoryCronState } = {}) {
  const jobs = options.jobs ?? [
    { name: "cron.1", schedule: "* * * * *", command: "echo tick" },
    { name: "cron.2", schedule: "0 3 * * *", command: "./nightly" },
  ];
  const target = (): CronTarget => ({ app: "shop", jobs, paused: options.paused ?? false });
  const apps: CronAppSource = {
    all: () => [target()],
    of: (name) => {
      if (name !== "shop") throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
      return target();
    },
    runContext: () => Promise.resolve({ cwd: "/srv/shop/releases/3", env: { HOP3_APP: "shop" }, runAs: { uid: 1001, gid: 1001 }, release: 3, logDir: "/logs/shop" }),
  };
  const notes: string[] = [];
  const { launcher, runs } = fakeLauncher(options.alive);
  const state = options.state ?? new MemoryCronState();
  const clock = new FakeClock(Date.parse("2026-11-23T10:00:30Z"));
  const scheduler = new CronScheduler({
    apps,
    launcher,
    state,
    timeoutMs: options.timeoutMs ?? 60_000,
    note: (app, job, message) => notes.push(`${app} ${job} ${message}`),
    clock,
  });
  return { scheduler, runs, notes, state, clock };
}

const minute = (time: string) => new Date(`2026-11-23T${time}:00Z`);
const settle = () => new Promise((resolve) => setImmediate(resolve));

test("starts the jobs due in a minute as the app, in its release, and logs how each run ended", async () => {
  const { scheduler, runs, notes, state } = setup();
  await scheduler.tick(minute("10:01"));
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0]?.spec, { command: "echo tick", cwd: "/srv/shop/releases/3", env: { HOP3_APP: "shop" }, runAs: { uid: 1001, gid: 1001 }, release: 3, logFile: "/logs/shop/cron.1.log" });
  assert.equal(scheduler.list("shop").jobs[0]?.running?.trigger, "schedule");

  runs[0]?.exit({ exitCode: 0, signal: null });
  await settle();
  assert.deepEqual(notes[0], 'shop cron.1 started (schedule "* * * * *"): echo tick');
  assert.match(notes[1] ?? "", /^shop cron\.1 finished: exit code 0 after \d+\.\ds$/);
  const last = state.read("shop", "cron.1");
  assert.equal(last.running, null);
  assert.equal(last.last?.exitCode, 0);
  assert.equal(last.last?.trigger, "schedule");
});

test("does not start a job again while its previous run is still going, and says so in its log", async () => {
  const { scheduler, runs, notes } = setup();
  await scheduler.tick(minute("10:01"));
  await scheduler.tick(minute("10:02"));
  await scheduler.tick(minute("10:03"));
  assert.equal(runs.length, 1);
  assert.equal(notes.filter((note) => note.includes("skipped the run due at")).length, 2);
  assert.match(notes[1] ?? "", /skipped the run due at 2026-11-23T10:02:00.000Z: the run started at .* is still going/);

  runs[0]?.exit({ exitCode: 3, signal: null });
  await settle();
  assert.match(notes.at(-1) ?? "", /cron\.1 failed: exit code 3 after/);
  await scheduler.tick(minute("10:04"));
  assert.equal(runs.length, 2);
});

test("ticks a minute only once, even when the timer fires twice in it", async () => {
  const { scheduler, runs } = setup();
  await scheduler.tick(minute("10:01"));
  runs[0]?.exit({ exitCode: 0, signal: null });
  await settle();
  await scheduler.tick(minute("10:01"));
  assert.equal(runs.length, 1);
});

test("runs a job now on request, by its name or its number, and answers with how it ended", async () => {
  const { scheduler, runs, notes } = setup();
  const { started, finished } = await scheduler.runNow("shop", "2");
  assert.deepEqual(started, { app: "shop", job: "cron.2", startedAt: "2026-11-23T10:00:30.000Z" });
  assert.equal(runs[0]?.spec.command, "./nightly");
  await assert.rejects(scheduler.runNow("shop", "cron.2"), { code: "CRON_JOB_RUNNING" });
  runs[0]?.exit({ exitCode: 0, signal: null });
  const run = await finished;
  assert.equal(run.job, "cron.2");
  assert.equal(run.trigger, "manual");
  assert.equal(run.exitCode, 0);
  assert.equal(notes[0], "shop cron.2 started (hop3 cron:run): ./nightly");
  assert.equal(scheduler.list("shop").jobs[1]?.lastRun?.trigger, "manual");
});

test("refuses to run a job the current release does not have, listing the ones it has", async () => {
  const { scheduler } = setup();
  await assert.rejects(scheduler.runNow("shop", "cron.9"), { code: "CRON_JOB_NOT_FOUND", message: 'App "shop" has no cron job "cron.9" in its current release (its jobs: cron.1, cron.2).' });
  await assert.rejects(scheduler.runNow("nope", "cron.1"), { code: "APP_NOT_FOUND" });
});

test("starts no job of a paused app on schedule, but still runs one on request", async () => {
  const { scheduler, runs } = setup({ paused: true });
  await scheduler.tick(minute("10:01"));
  assert.equal(runs.length, 0);
  const list = scheduler.list("shop");
  assert.equal(list.paused, true);
  assert.equal(list.jobs[0]?.nextRun, null);
  const { finished } = await scheduler.runNow("shop", "cron.1");
  runs[0]?.exit({ exitCode: 0, signal: null });
  assert.equal((await finished).exitCode, 0);
});

test("lists each job with its next run, computed from the schedule", () => {
  const { scheduler } = setup();
  const [every, nightly] = scheduler.list("shop").jobs;
  assert.equal(every?.nextRun, "2026-11-23T10:01:00.000Z");
  assert.equal(nightly?.schedule, "0 3 * * *");
  assert.equal(nightly?.running, null);
  assert.equal(nightly?.lastRun, null);
});

test("kills a run that outlives the timeout and records it as timed out", async () => {
  const { scheduler, runs, notes, state, clock } = setup({ timeoutMs: 20_000 });
  await scheduler.tick(minute("10:01"));
  await clock.advance(19_999);
  assert.equal(runs[0]?.killed, false, "not before its timeout");
  await clock.advance(1);
  await settle();
  assert.equal(runs[0]?.killed, true);
  assert.ok(notes.some((note) => note.includes("is still running after 20.0s: killing it")));
  assert.equal(state.read("shop", "cron.1").last?.timedOut, true);
  assert.match(notes.at(-1) ?? "", /failed: killed at its timeout \(SIGKILL\)/);
});

test("after a server restart, a run still going blocks overlapping runs until it ends, then is recorded with an unknown exit code", async () => {
  const state = new MemoryCronState();
  state.write("shop", "cron.1", { running: { pid: 42, bootId: "boot", startTicks: "7", startedAt: "2026-11-23T09:59:00.000Z", trigger: "schedule" }, last: null });
  const alive = new Set([42]);
  const { scheduler, runs, notes } = setup({ state, alive });
  scheduler.start();
  try {
    await scheduler.tick(minute("10:01"));
    assert.equal(runs.length, 0);
    assert.equal(scheduler.list("shop").jobs[0]?.running?.startedAt, "2026-11-23T09:59:00.000Z");

    alive.delete(42);
    await scheduler.tick(minute("10:02"));
    assert.equal(runs.length, 1);
    assert.ok(notes.some((note) => note.includes("ended while no server was watching it")));
    runs[0]?.exit({ exitCode: 0, signal: null });
    await settle();
  } finally {
    scheduler.stop();
  }
});

test("kills an app's runs when the app is destroyed", async () => {
  const { scheduler, runs } = setup();
  await scheduler.tick(minute("10:01"));
  scheduler.stopApp("shop");
  assert.equal(runs[0]?.killed, true);
  assert.equal(scheduler.list("shop").jobs[0]?.running, null);
});

test("on the server's scheduler, ticks once at the start of each minute and starts the jobs due then", async () => {
  const { scheduler, runs, clock } = setup();
  const server = new Scheduler({ clock, onError: (error) => assert.fail(error as Error) });
  server.add(scheduler.job());
  server.start();
  try {
    await clock.advance(29_000);
    assert.equal(runs.length, 0, "nothing before 10:01");
    await clock.advance(1_050);
    assert.equal(runs.length, 1, "cron.1 (every minute) started at 10:01");
    assert.equal(scheduler.list("shop").jobs[0]?.running?.startedAt, "2026-11-23T10:01:00.050Z");
    runs[0]?.exit({ exitCode: 0, signal: null });
    await settle();
    await clock.advance(59_000);
    assert.equal(runs.length, 1, "not again within the minute");
    await clock.advance(1_000);
    assert.equal(runs.length, 2, "again at 10:02");
    assert.deepEqual(server.jobs().map((job) => [job.name, job.runs]), [["cron", 2]]);
  } finally {
    server.stop();
  }
});

test("an adopted run still going after a restart is killed when its original timeout falls due", async () => {
  const state = new MemoryCronState();
  state.write("shop", "cron.1", { running: { pid: 42, bootId: "boot", startTicks: "7", startedAt: "2026-11-23T10:00:00.000Z", trigger: "schedule" }, last: null });
  const alive = new Set([42]);
  const { scheduler, notes, clock } = setup({ state, alive, timeoutMs: 60_000 });
  scheduler.start();
  try {
    await clock.advance(29_000);
    assert.ok(alive.has(42), "30 s of its 60 s were left at the restart");
    await clock.advance(1_000);
    assert.ok(!alive.has(42));
    assert.ok(notes.some((note) => note.includes("is still running after 1m0s: killing it")));
  } finally {
    scheduler.stop();
  }
});
