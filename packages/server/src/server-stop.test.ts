import { test } from "node:test";
import assert from "node:assert/strict";
import { AppLocks } from "./apps/app-locks.ts";
import { stopServer, type StoppingParts } from "./server-stop.ts";

/** Parts that record when each is called; `deploys` are real app locks a test may hold. */
function recordingParts(locks: AppLocks, calls: string[]): StoppingParts {
  return {
    closePorts: async () => calls.push("ports closed"),
    stopJobs: () => calls.push("jobs stopped"),
    stopMonitoring: async () => void calls.push("monitoring stopped"),
    stopCron: () => calls.push("cron stopped"),
    deploysDone: async (timeoutMs) => {
      const idle = await locks.whenIdle(timeoutMs);
      calls.push(idle ? "deploys done" : "deploys left");
      return idle;
    },
    drainsDone: async () => void calls.push("drains done"),
    detach: async () => void calls.push("detached"),
    closeDatabase: () => calls.push("database closed"),
  };
}

test("a stopping server lets go of its ports before anything else", async () => {
  const calls: string[] = [];
  await stopServer(recordingParts(new AppLocks(), calls));
  assert.equal(calls[0], "ports closed");
  assert.deepEqual(calls.slice(-4), ["deploys done", "drains done", "detached", "database closed"]);
});

test("a deploy in progress finishes before apps and the proxy are let go of", async () => {
  const locks = new AppLocks();
  const deploy = locks.acquire("blog");
  const calls: string[] = [];
  const stopping = stopServer(recordingParts(locks, calls));
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(calls.includes("ports closed"), "the ports close while the deploy runs");
  assert.ok(!calls.includes("detached"), "nothing is let go of while the deploy holds its lock");
  calls.push("deploy finished");
  deploy.release();
  await stopping;
  assert.ok(calls.indexOf("deploy finished") < calls.indexOf("deploys done"));
  assert.ok(calls.indexOf("deploys done") < calls.indexOf("detached"));
});

test("with the privileged parent gone, a deploy in progress is not waited for: the ports close and everything is let go of", async () => {
  const locks = new AppLocks();
  locks.acquire("blog");
  const calls: string[] = [];
  await stopServer(recordingParts(locks, calls), { parentGone: true });
  assert.deepEqual(calls, ["ports closed", "jobs stopped", "monitoring stopped", "cron stopped", "detached", "database closed"]);
});
