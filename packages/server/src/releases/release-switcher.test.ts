import assert from "node:assert/strict";
import { test } from "node:test";
import type { DeployEvent } from "@hop3/contract";
import { defaultReleaseSettings } from "../core/release.ts";
import { FakeReleaseHost } from "./fake-release-host.ts";
import { ReleaseSwitcher, type SwitchPlan } from "./release-switcher.ts";

const timing = { startTimeoutMs: 5000, drainMs: 1000, commandTimeoutMs: 60_000 };

function plan(release: number, processes: Record<string, string> = { web: "./web", worker: "./worker" }): SwitchPlan {
  return { app: "shop", release, cwd: `/apps/shop/releases/${release}`, env: {}, runAs: undefined, processes, instances: { web: 2 }, settings: defaultReleaseSettings };
}

function setup() {
  const host = new FakeReleaseHost();
  const served: string[] = [];
  const switcher = new ReleaseSwitcher({ ...host.deps(), timing, onNewRelease: (app) => served.push(app) });
  const events: DeployEvent[] = [];
  return { host, switcher, events, served, emit: (event: DeployEvent) => void events.push(event) };
}

test("the route moves to the new instances once each is healthy; the switch returns with the old ones still serving their requests in flight", async () => {
  const { host, switcher, events, served, emit } = setup();
  host.running("shop", 4, { web: 1, worker: 1 });
  host.waits = "held";
  const switching = switcher.switchTo(plan(5), emit);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(host.log, ["start web.1@5 web.2@5 worker.1@5", "check 30002", "check 30003", "wait 1000"], "workers settle before the switch");
  host.releaseWaits();
  const switched = await switching;
  assert.deepEqual(host.route, { kind: "upstreams", addresses: ["127.0.0.1:30002", "127.0.0.1:30003"] });
  assert.equal(switched.draining, 2);
  assert.deepEqual(host.listed("shop"), ["web.1@4 draining", "worker.1@4 draining", "web.1@5 running", "web.2@5 running", "worker.1@5 running"], "old instances are listed, draining, until they stop");
  assert.deepEqual(served, ["shop"]);
  assert.deepEqual(
    events.map((event) => event.type),
    ["starting", "health-check", "healthy", "healthy", "switching", "switched"],
  );
  const last = events.at(-1);
  assert.equal(last?.type === "switched" ? last.draining : null, 2);

  const retiring = switched.retire();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(host.log.at(-1), "wait 1000", "the old instances drain before they stop");
  host.releaseWaits();
  await retiring;
  assert.deepEqual(host.log.slice(-2), ["stop web.1@4", "stop worker.1@4"]);
  assert.deepEqual(host.listed("shop"), ["web.1@5 running", "web.2@5 running", "worker.1@5 running"]);
});

test("a new instance that fails its health check is stopped; the old release keeps its route and instances", async () => {
  const { host, switcher, emit } = setup();
  host.running("shop", 4, { web: 1 });
  const before = host.route;
  host.health = { ok: false, detail: "GET /health answered 500" };
  await assert.rejects(switcher.switchTo(plan(5, { web: "./web" }), emit), { code: "HEALTHCHECK_FAILED", message: /web\.1 .*GET \/health answered 500/ });
  assert.deepEqual(host.route, before);
  assert.deepEqual(host.listed("shop"), ["web.1@4 running"]);
});

test("an instance that exits while starting fails the switch with START_FAILED", async () => {
  const { host, switcher, emit } = setup();
  host.running("shop", 4, { web: 1 });
  host.health = "exits";
  await assert.rejects(switcher.switchTo(plan(5, { web: "./web" }), emit), { code: "START_FAILED" });
  assert.deepEqual(host.listed("shop"), ["web.1@4 running"]);
});

test("a switch made while the last one's old instances still drain leaves them to that retirement", async () => {
  const { host, switcher, emit } = setup();
  host.running("shop", 4, { web: 1 });
  const first = await switcher.switchTo(plan(5, { web: "./web" }), emit);
  host.waits = "held";
  const retiring = first.retire();
  const second = await switcher.switchTo({ ...plan(6, { web: "./web" }), instances: {} }, emit);
  assert.equal(second.draining, 2, "release 5's two instances, not release 4's");
  host.waits = "instant";
  host.releaseWaits();
  await Promise.all([retiring, second.retire()]);
  assert.deepEqual(host.log.filter((line) => line.startsWith("stop")), ["stop web.1@4", "stop web.1@5", "stop web.2@5"]);
  assert.deepEqual(host.listed("shop"), ["web.1@6 running"]);
});

test("with [[ports]], the old non-web processes stop before the new ones start (one port, one holder); web instances still overlap", async () => {
  const { host, switcher, emit } = setup();
  host.running("shop", 4, { web: 1, worker: 1 });
  const ports = [{ number: 1883, protocol: "tcp" as const, name: null, source: "any" }];
  const switched = await switcher.switchTo({ ...plan(5), settings: { ...defaultReleaseSettings, ports } }, emit);
  assert.deepEqual(host.log.slice(0, 2), ["stop worker.1@4", "start web.1@5 web.2@5 worker.1@5"]);
  assert.equal(switched.draining, 1, "only the old web instance is left to drain");
});
