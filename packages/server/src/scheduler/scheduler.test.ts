import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeClock } from "./fake-clock.ts";
import { Scheduler } from "./scheduler.ts";

function setup() {
  const clock = new FakeClock();
  const errors: string[] = [];
  const scheduler = new Scheduler({ clock, onError: (error, job) => errors.push(`${job}: ${(error as Error).message}`) });
  return { clock, errors, scheduler };
}

test("runs each job every period from the start, and not before the start", async () => {
  const { clock, scheduler } = setup();
  const runs: string[] = [];
  scheduler.add({ name: "log rotation", everyMs: 1000, run: () => void runs.push(`rotate@${clock.now()}`) });
  scheduler.add({ name: "proxy watch", everyMs: 2000, run: () => void runs.push(`proxy@${clock.now()}`) });
  await clock.advance(5000);
  assert.equal(runs.length, 0);
  scheduler.start();
  await clock.advance(4000);
  assert.deepEqual(runs.filter((run) => run.startsWith("rotate")), ["rotate@6000", "rotate@7000", "rotate@8000", "rotate@9000"]);
  assert.deepEqual(runs.filter((run) => run.startsWith("proxy")), ["proxy@7000", "proxy@9000"]);
});

test("a run still going when the next is due is not overlapped: that tick is skipped", async () => {
  const { clock, scheduler } = setup();
  let finish = () => undefined as void;
  let started = 0;
  scheduler.add({
    name: "proxy watch",
    everyMs: 1000,
    run: () => {
      started += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    },
  });
  scheduler.start();
  await clock.advance(3000);
  assert.equal(started, 1);
  assert.deepEqual(scheduler.jobs(), [{ name: "proxy watch", everyMs: 1000, runs: 1, skipped: 2, running: true }]);
  finish();
  await clock.advance(0);
  await clock.advance(1000);
  assert.equal(started, 2);
});

test("a job that throws or rejects is reported and runs again at its next time", async () => {
  const { clock, errors, scheduler } = setup();
  let calls = 0;
  scheduler.add({
    name: "log rotation",
    everyMs: 1000,
    run: () => {
      calls += 1;
      throw new Error("disk full");
    },
  });
  scheduler.add({ name: "proxy watch", everyMs: 1000, run: () => Promise.reject(new Error("caddy down")) });
  scheduler.start();
  await clock.advance(2000);
  assert.equal(calls, 2);
  assert.deepEqual(errors, ["log rotation: disk full", "proxy watch: caddy down", "log rotation: disk full", "proxy watch: caddy down"]);
});

test("stop cancels every timer; a job added after the start is scheduled at once", async () => {
  const { clock, scheduler } = setup();
  const runs: number[] = [];
  scheduler.start();
  scheduler.add({ name: "metrics", everyMs: 500, run: () => void runs.push(clock.now()) });
  await clock.advance(1000);
  assert.deepEqual(runs, [500, 1000]);
  scheduler.stop();
  assert.equal(clock.pending, 0);
  await clock.advance(5000);
  assert.deepEqual(runs, [500, 1000]);
  assert.throws(() => scheduler.add({ name: "metrics", everyMs: 1, run: () => undefined }), /already scheduled/);
});
