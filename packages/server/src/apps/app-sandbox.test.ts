import assert from "node:assert/strict";
import { test } from "node:test";
import { StateLayout } from "../config/state-layout.ts";
import { loadServerConfig } from "../config/server-config.ts";
import { AppSandbox, withAppLimits } from "./app-sandbox.ts";
import { sandboxPolicy } from "./sandbox-policy.ts";

const layout = new StateLayout("/srv/hop3");
const gib = 1024 ** 3;
const config = (env: Record<string, string> = {}) => loadServerConfig({ HOP3_HOME: "/srv/hop3", ...env });
const identity = { user: "h3-blog-abc123", runAs: { uid: 1001, gid: 1001 } };

test("app processes write only their releases, data and HOME; builds write the app's directory; the state root is hidden from both", () => {
  const sandbox = new AppSandbox(layout, sandboxPolicy(config(), null, 8 * gib));
  const confined = sandbox.confine("blog", identity);
  assert.deepEqual(confined.runAs?.confinement?.writable, ["/srv/hop3/apps/blog/releases", "/srv/hop3/apps/blog/data", "/srv/hop3/apps/blog/home"]);
  assert.deepEqual(confined.runAs?.confinement?.readable, ["/srv/hop3/apps/blog/cache", "/srv/hop3/addons/sockets"]);
  assert.deepEqual(confined.buildAs?.confinement?.writable, ["/srv/hop3/apps/blog"]);
  for (const runAs of [confined.runAs, confined.buildAs]) assert.deepEqual(runAs?.confinement?.hidden, ["/srv/hop3", "/root", "/home"]);
});

test("builds get three quarters of the RAM by default; app processes are unlimited unless configured", () => {
  const policy = sandboxPolicy(config(), null, 8 * gib);
  assert.equal(policy.build.memoryBytes, 6 * gib);
  assert.equal(policy.run.memoryBytes, null);
  assert.equal(policy.run.maxProcesses, 4096);
  assert.equal(policy.run.openFiles, 65536);
  const tuned = sandboxPolicy(config({ HOP3_BUILD_MEMORY: "1G", HOP3_APP_MEMORY: "256M", HOP3_MAX_PROCESSES: "0" }), null, 8 * gib);
  assert.equal(tuned.build.memoryBytes, gib);
  assert.equal(tuned.run.memoryBytes, 256 * 1024 ** 2);
  assert.equal(tuned.run.maxProcesses, null, "0 means no limit");
});

test("a release's [limits] win over the server's default, and the message names where the limit came from", () => {
  const confined = new AppSandbox(layout, sandboxPolicy(config({ HOP3_APP_MEMORY: "1G" }), null, 8 * gib)).confine("blog", identity);
  const limited = withAppLimits(confined.runAs, { memoryBytes: 768 * 1024 ** 2, cpus: 0.5 });
  assert.equal(limited?.confinement?.limits.memoryBytes, 768 * 1024 ** 2);
  assert.equal(limited?.confinement?.limits.cpus, 0.5);
  assert.equal(limited?.confinement?.limitSources.memory, "hop3.toml [limits] memory");
  const unlimited = withAppLimits(confined.runAs, { memoryBytes: null, cpus: null });
  assert.equal(unlimited?.confinement?.limits.memoryBytes, gib);
  assert.equal(unlimited?.confinement?.limitSources.memory, "server setting app-memory");
});

test("without a working sandbox apps run unconfined, unless the server config requires it", () => {
  const off = new AppSandbox(layout, sandboxPolicy(config(), "bwrap is not installed", 8 * gib));
  assert.equal(off.enabled, false);
  assert.equal(off.confine("blog", identity).runAs?.confinement, undefined);
  assert.throws(() => sandboxPolicy(config({ HOP3_SANDBOX: "required" }), "bwrap is not installed"), /sandbox = "required", but the sandbox cannot run on this host: bwrap is not installed/);
});
