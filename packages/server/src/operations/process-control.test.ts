import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "../core/app.ts";
import { defaultReleaseSettings, type Release } from "../core/release.ts";
import { AppLocks } from "../apps/app-locks.ts";
import { FakeReleaseHost } from "../releases/fake-release-host.ts";
import { ReleaseSwitcher } from "../releases/release-switcher.ts";
import { ProcessControl } from "./process-control.ts";

const app: App = { id: 7, name: "shop", unixUser: "h3-shop", createdAt: "2026-12-01T00:00:00.000Z" };
const release: Release = {
  id: 70,
  appId: 7,
  number: 3,
  status: "succeeded",
  source: { kind: "upload" },
  builder: "python",
  processes: { web: "./web", worker: "./worker" },
  env: {},
  staticRoot: null,
  settings: defaultReleaseSettings,
  buildOf: 3,
  error: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  finishedAt: null,
};

/** Process control over a fake host, with in-memory stopped types and scales. */
function setup() {
  const host = new FakeReleaseHost();
  host.running("shop", 3, { web: 1, worker: 1 });
  const deps = host.deps();
  const stoppedTypes = new Set<string>();
  const scaled: Record<string, number> = {};
  const locks = new AppLocks();
  const control = new ProcessControl({
    apps: { require: (name) => (name === app.name ? app : assert.fail(`unknown app ${name}`)) },
    releases: { current: () => release },
    stopped: { add: (_id, types) => types.forEach((t) => stoppedTypes.add(t)), remove: (_id, types) => types.forEach((t) => stoppedTypes.delete(t)), typesOf: () => new Set(stoppedTypes) },
    supervisor: deps.supervisor,
    launcher: deps.launcher,
    switcher: new ReleaseSwitcher({ ...deps, timing: { startTimeoutMs: 1000, drainMs: 500, commandTimeoutMs: 1000 } }),
    routes: deps.routes,
    locks,
    contexts: { of: async () => ({ app: app.name, release: release.number, cwd: "/apps/shop/releases/3", env: {}, runAs: undefined, instances: { web: 1, worker: 1, ...scaled }, identity: { user: app.unixUser, runAs: undefined } }) },
    scale: { scaledOf: () => ({ ...scaled }), set: (_id, counts) => Object.assign(scaled, counts), unset: (_id, types) => types.forEach((t) => delete scaled[t]) },
  });
  return { host, control, stoppedTypes, locks };
}

test("ps:stop stops the type's instances, records it as stopped, and gives the app its stopped page", async () => {
  const { host, control, stoppedTypes, locks } = setup();
  await control.stop("shop", undefined);
  assert.deepEqual(host.listed("shop"), []);
  assert.deepEqual([...stoppedTypes], ["web", "worker"]);
  assert.deepEqual(host.route, { kind: "stopped" });
  assert.equal(locks.isHeld("shop"), false, "the app's lock is given back");
});

test("ps:start after ps:stop runs the instances again and routes to the web one", async () => {
  const { host, control, stoppedTypes } = setup();
  await control.stop("shop", undefined);
  await control.start("shop", undefined);
  assert.deepEqual(host.listed("shop"), ["web.1@3 running", "worker.1@3 running"]);
  assert.equal(stoppedTypes.size, 0);
  assert.equal(host.route?.kind, "upstreams");
});

test("ps:restart web goes through the switch and returns once the old instance has drained and stopped", async () => {
  const { host, control } = setup();
  const before = host.route;
  await control.restart("shop", "web");
  assert.deepEqual(host.listed("shop"), ["worker.1@3 running", "web.1@3 running"]);
  assert.notDeepEqual(host.route, before, "the route points at the new web instance");
  assert.deepEqual(host.log.slice(-2), ["wait 500", "stop web.1@3"], "drained, then stopped, before ps:restart returns");
});

test("ps:scale that fails its health check stops the new instances and keeps the scale as it was", async () => {
  const { host, control } = setup();
  host.health = { ok: false, detail: "nothing accepted connections" };
  await assert.rejects(control.scale("shop", { web: 3 }), { code: "HEALTHCHECK_FAILED" });
  assert.deepEqual(host.listed("shop"), ["web.1@3 running", "worker.1@3 running"]);
});

test("an unknown process type is refused naming the types the release has", async () => {
  const { control } = setup();
  await assert.rejects(control.stop("shop", "clock"), { code: "PROCESS_TYPE_UNKNOWN", message: /no process type "clock" .* \(it has: web, worker\)/ });
});
