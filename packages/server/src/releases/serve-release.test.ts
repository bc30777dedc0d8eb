import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { defaultReleaseSettings } from "../core/release.ts";
import type { ReleaseOutcome } from "./release-store.ts";
import { BackgroundWork } from "./background-work.ts";
import type { SwitchPlan } from "./release-switcher.ts";
import type { RunContext } from "./run-context.ts";
import { serveRelease, type ServeReleaseDeps, type ServeRequest } from "./serve-release.ts";

const app: App = { id: 3, name: "shop", unixUser: "h3-shop-abc123", createdAt: "2026-12-01T00:00:00.000Z" };
const context: RunContext = {
  app: "shop",
  release: 5,
  cwd: "/srv/hop3/apps/shop/releases/5",
  env: { GREETING: "hi", SECRET: "from config" },
  runAs: { uid: 1001, gid: 1001 },
  instances: { web: 2, worker: 1 },
  identity: { user: "h3-shop-abc123", runAs: { uid: 1001, gid: 1001 } },
};
const request: ServeRequest = {
  app,
  release: { id: 50, number: 5 },
  context,
  processes: { web: "./serve" },
  record: { builder: "python", processes: { web: "./serve", worker: "./work" }, env: { GREETING: "hi" }, staticRoot: null, settings: defaultReleaseSettings },
  unexpected: "Deploy failed unexpectedly",
};

/**
 * A release store, switcher and pruner that record what was asked of them, in order. The old
 * instances retire when the test calls `retired()` (immediately unless `holdRetirement`).
 */
function fakes(switchTo: (plan: SwitchPlan, emit: (event: DeployEvent) => void) => Promise<void>, options: { holdRetirement?: boolean } = {}) {
  const calls: string[] = [];
  const finished: ReleaseOutcome[] = [];
  const background = new BackgroundWork();
  let retired = () => undefined as void;
  const retirement = options.holdRetirement ? new Promise<void>((resolve) => (retired = resolve)) : Promise.resolve();
  const deps: ServeReleaseDeps = {
    switcher: {
      switchTo: async (plan, emit) => {
        calls.push(`switch ${plan.release}`);
        await switchTo(plan, emit);
        return {
          draining: 2,
          retire: async () => {
            calls.push("drain and stop the old instances");
            await retirement;
            calls.push("old instances stopped");
          },
        };
      },
    },
    releases: {
      finish: (id, outcome) => {
        calls.push(`finish ${id} ${outcome.status}`);
        finished.push(outcome);
        return undefined as never;
      },
      supersedeBefore: (appId, number) => void calls.push(`supersede ${appId} <${number}`),
    },
    prune: async (pruned, identity) => void calls.push(`prune ${pruned.name} as ${identity.user}`),
    background,
  };
  return { deps, calls, finished, background, retired: () => retired() };
}

test("a release that switches is recorded as serving, the ones before it superseded, old builds pruned", async () => {
  let switched: SwitchPlan | undefined;
  const { deps, calls, finished, background } = fakes(async (plan) => {
    switched = plan;
  });
  const outcome = await serveRelease(deps, request, () => undefined);
  assert.deepEqual(outcome, { ok: true });
  await background.settled();
  assert.deepEqual(calls, ["switch 5", "finish 50 succeeded", "supersede 3 <5", "drain and stop the old instances", "old instances stopped", "prune shop as h3-shop-abc123"]);
  // The row keeps the files' environment, never the config vars the processes run with.
  assert.deepEqual(finished[0]?.env, { GREETING: "hi" });
  assert.deepEqual(finished[0]?.processes, { web: "./serve", worker: "./work" });
  // The switch starts the asked types in the release's run context.
  assert.deepEqual(switched?.processes, { web: "./serve" });
  assert.equal(switched?.cwd, context.cwd);
  assert.deepEqual(switched?.env, context.env);
  assert.deepEqual(switched?.instances, { web: 2, worker: 1 });
});

test("a release whose switch fails is recorded as failed with the reason; the one serving is not superseded, nothing is pruned", async () => {
  const { deps, calls, finished } = fakes(async () => {
    throw new Hop3Error("HEALTHCHECK_FAILED", "Process web.1 (`./serve`) is not healthy: HTTP 500.");
  });
  const outcome = await serveRelease(deps, request, () => undefined);
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.error.code, "HEALTHCHECK_FAILED");
  assert.deepEqual(calls, ["switch 5", "finish 50 failed"]);
  assert.equal(finished[0]?.error, "Process web.1 (`./serve`) is not healthy: HTTP 500.");
});

test("an unexpected error is reported as INTERNAL, worded by the calling operation", async () => {
  const { deps, finished } = fakes(async () => {
    throw new Error("disk on fire");
  });
  const outcome = await serveRelease(deps, request, () => undefined);
  assert.equal(!outcome.ok && outcome.error.code, "INTERNAL");
  assert.equal(finished[0]?.error, "Deploy failed unexpectedly: disk on fire");
});

test("the switch's progress reaches the caller's events", async () => {
  const { deps } = fakes(async (_plan, emit) => emit({ type: "switching", host: "shop.example.test", release: 5 }));
  const events: DeployEvent[] = [];
  await serveRelease(deps, request, (event) => events.push(event));
  assert.deepEqual(events, [{ type: "switching", host: "shop.example.test", release: 5 }]);
});

test("it reports success as soon as the new release serves; the old instances drain and stop after, then old builds are pruned", async () => {
  const { deps, calls, background, retired } = fakes(async () => undefined, { holdRetirement: true });
  const outcome = await serveRelease(deps, request, () => undefined);
  assert.deepEqual(outcome, { ok: true });
  assert.deepEqual(calls, ["switch 5", "finish 50 succeeded", "supersede 3 <5", "drain and stop the old instances"], "nothing pruned while old instances may still run an old build");
  assert.equal(background.pending, 1);
  retired();
  await background.settled();
  assert.deepEqual(calls.slice(-2), ["old instances stopped", "prune shop as h3-shop-abc123"]);
  assert.equal(background.pending, 0);
});
