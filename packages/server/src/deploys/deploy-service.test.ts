import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { Hop3Error, type DeployEvent } from "@hop3/contract";
import { StateLayout } from "../config/state-layout.ts";
import type { App } from "../core/app.ts";
import { defaultReleaseSettings } from "../core/release.ts";
import { AppLocks } from "../apps/app-locks.ts";
import { AppStore } from "../apps/app-store.ts";
import { BackgroundWork } from "../releases/background-work.ts";
import { ReleaseStore } from "../releases/release-store.ts";
import type { SwitchPlan } from "../releases/release-switcher.ts";
import { openDatabase } from "../store/database.ts";
import type { BuiltRelease } from "./build-release.ts";
import { BuildSlots } from "./build-slots.ts";
import { DeployService, type DeclaredDomains, type DeployApps } from "./deploy-service.ts";

const layout = new StateLayout("/hop3-test-home");

const built: BuiltRelease = {
  builder: "python",
  processes: { web: "python3 app.py" },
  env: { GREETING: "hi" },
  staticRoot: null,
  releaseCommands: [],
  settings: defaultReleaseSettings,
  runtime: null,
  domains: [],
};

/**
 * A DeployService over an in-memory database, with fakes for everything that touches the host:
 * the app's tree, the upload, the build, the switch. `build` and `switchTo` decide how each
 * deploy goes; `calls` records what happened to the world, in order.
 */
function setup(options: { domains?: DeclaredDomains } = {}) {
  const db = openDatabase(":memory:");
  const store = new AppStore(db);
  const releases = new ReleaseStore(db);
  const calls: string[] = [];
  const background = new BackgroundWork();
  let build: (release: number) => BuiltRelease = () => built;
  let switchTo: (plan: SwitchPlan) => void = () => undefined;
  const apps: DeployApps = {
    require: (name) => {
      const app = store.find(name);
      if (!app) throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
      return app;
    },
    find: (name) => store.find(name),
    create: async (name) => store.insert(name, `h3-${name}`),
    identityOf: async (app) => ({ user: app.unixUser, runAs: undefined }),
    destroyUnlocked: async (app) => {
      calls.push(`destroy ${app.name}`);
      store.delete(app.id);
    },
    url: (name) => `http://${name}.example.test/`,
  };
  const service = new DeployService({
    apps,
    releases,
    contexts: {
      of: async (app: App, release, identity) => ({ app: app.name, release: release.number, cwd: layout.releaseDir(app.name, release.buildOf), env: { ...release.env, SECRET: "config" }, runAs: undefined, instances: { web: 1 }, identity: identity ?? { user: app.unixUser, runAs: undefined } }),
      bindingVars: () => ({}),
      addressVars: () => ({}),
    },
    serving: {
      switcher: {
        switchTo: async (plan) => {
          calls.push(`switch to ${plan.release}`);
          switchTo(plan);
          return { draining: 1, retire: async () => void calls.push(`retire before ${plan.release}`) };
        },
      },
      releases,
      prune: async (app) => void calls.push(`prune ${app.name}`),
      background,
    },
    locks: new AppLocks(),
    domains: options.domains,
    layout,
    configVars: { varsOf: () => ({ SECRET: "config" }) },
    settings: { appPath: "/usr/bin:/bin", commandTimeoutMs: 60_000, outputLimit: { maxBytes: 1_000_000, setting: "deploy-output-max" }, uploadCaps: { maxUnpackedBytes: 1_000_000, maxFiles: 100 } },
    buildLimits: { slots: new BuildSlots(1), slotsSetting: "build-slots", timeout: { ms: 60_000, setting: "build-timeout" } },
    sbom: { enabled: false, store: { save: () => undefined as never }, layout, appPath: "/usr/bin:/bin", toolVersion: "0.0.0" },
    effects: {
      tree: {
        makeFreshDir: async (_runAs, dir) => void calls.push(`make ${dir}`),
        remove: async (_runAs, dirs) => void calls.push(`remove ${dirs.join(" ")}`),
      },
      extractUpload: async (_body, dir) => {
        calls.push(`unpack into ${dir}`);
        return { files: 3, bytes: 120, skipped: [] };
      },
      buildRelease: async (options) => {
        calls.push(`build ${options.release}`);
        return build(options.release);
      },
      recordSbom: async () => undefined,
      recordOutput: () => () => undefined,
      runAppCommands: async (options) => void calls.push(`run ${options.commands.join("; ")}`),
    },
  });
  const deploy = async (app: string, options: { create?: boolean } = {}) => {
    const events: DeployEvent[] = [];
    const prepared = await service.prepare({ app, create: options.create ?? true, upload: Readable.from([]) });
    const ok = await prepared.run((event) => void events.push(event));
    return { ok, events, last: events.at(-1) };
  };
  return {
    service,
    store,
    releases,
    calls,
    background,
    deploy,
    failBuild: (fail: (release: number) => BuiltRelease) => void (build = fail),
    failSwitch: (fail: (plan: SwitchPlan) => void) => void (switchTo = fail),
  };
}

test("a first deploy creates the app, builds, runs the release phase, switches and answers succeeded; old instances retire in the background", async () => {
  const { deploy, calls, releases, store, background, failBuild } = setup();
  failBuild(() => ({ ...built, releaseCommands: ["./migrate"] }));
  const result = await deploy("shop");
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.events.map((event) => event.type),
    ["received", "release-phase", "succeeded"],
  );
  assert.deepEqual(result.last, { type: "succeeded", app: "shop", release: 1, url: "http://shop.example.test/", seconds: (result.last as { seconds: number }).seconds });
  const dir = layout.releaseDir("shop", 1);
  assert.deepEqual(calls.slice(0, 5), [`make ${dir}`, `unpack into ${dir}`, "build 1", "run ./migrate", "switch to 1"]);
  await background.settled();
  assert.deepEqual(calls.slice(5), ["retire before 1", "prune shop"]);
  const app = store.find("shop");
  assert.ok(app);
  const current = releases.current(app.id);
  assert.equal(current?.number, 1);
  assert.equal(current?.status, "succeeded");
  assert.deepEqual(current?.env, { GREETING: "hi" }, "the release row keeps the build's environment, never the config vars");
});

test("a failed build leaves the previous release serving, records the new one as failed and removes its directory", async () => {
  const { deploy, calls, releases, store, failBuild } = setup();
  assert.equal((await deploy("shop")).ok, true);
  failBuild(() => {
    throw new Hop3Error("BUILD_FAILED", "pip install exited with code 1.");
  });
  calls.length = 0;
  const result = await deploy("shop", { create: false });
  assert.equal(result.ok, false);
  assert.equal(result.last?.type, "failed");
  assert.equal(result.last?.type === "failed" ? result.last.error.code : null, "BUILD_FAILED");
  assert.ok(!calls.some((call) => call.startsWith("switch")), `no switch was attempted: ${calls.join(", ")}`);
  assert.ok(calls.includes(`remove ${layout.releaseDir("shop", 2)}`));
  const app = store.find("shop");
  assert.ok(app, "the app is kept: it was not created by this deploy");
  assert.equal(releases.current(app.id)?.number, 1, "release 1 still serves");
  assert.equal(releases.find(app.id, 2)?.status, "failed");
  assert.equal(releases.find(app.id, 2)?.error, "pip install exited with code 1.");
});

test("a failed health check leaves the previous release serving and the deploy answers failed with its code", async () => {
  const { deploy, calls, releases, store, failSwitch } = setup();
  assert.equal((await deploy("shop")).ok, true);
  failSwitch((plan) => {
    if (plan.release === 2) throw new Hop3Error("HEALTHCHECK_FAILED", "Process web.1 (`python3 app.py`) is not healthy: GET / answered 500.");
  });
  const result = await deploy("shop", { create: false });
  assert.equal(result.ok, false);
  assert.equal(result.last?.type === "failed" ? result.last.error.code : null, "HEALTHCHECK_FAILED");
  assert.ok(!result.events.some((event) => event.type === "succeeded"));
  const app = store.find("shop");
  assert.ok(app);
  assert.equal(releases.current(app.id)?.number, 1);
  assert.equal(releases.find(app.id, 2)?.status, "failed");
  assert.ok(calls.includes(`remove ${layout.releaseDir("shop", 2)}`));
  assert.ok(!calls.includes("retire before 2"), "the old instances are not retired");
});

test("a failed first deploy removes the app it created, and frees the app's lock", async () => {
  const { deploy, calls, store, failBuild } = setup();
  failBuild(() => {
    throw new Hop3Error("BUILD_FAILED", "no builder.");
  });
  const result = await deploy("fresh");
  assert.equal(result.ok, false);
  assert.ok(calls.includes("destroy fresh"));
  assert.equal(store.find("fresh"), null);
  failBuild(() => built);
  assert.equal((await deploy("fresh")).ok, true, "a next deploy takes the lock");
});

test("a second deploy of an app while one runs is refused with DEPLOY_IN_PROGRESS", async () => {
  const { service, deploy } = setup();
  assert.equal((await deploy("shop")).ok, true);
  const first = await service.prepare({ app: "shop", create: false, upload: Readable.from([]) });
  await assert.rejects(service.prepare({ app: "shop", create: false, upload: Readable.from([]) }), { code: "DEPLOY_IN_PROGRESS" });
  await first.abandon();
  const again = await service.prepare({ app: "shop", create: false, upload: Readable.from([]) });
  await again.abandon();
});

test("an unexpected error is reported as INTERNAL, worded as a failed deploy", async () => {
  const { deploy, releases, store, failBuild } = setup();
  assert.equal((await deploy("shop")).ok, true);
  failBuild(() => {
    throw new Error("disk on fire");
  });
  const result = await deploy("shop", { create: false });
  assert.equal(result.last?.type === "failed" ? result.last.error.code : null, "INTERNAL");
  assert.match(result.last?.type === "failed" ? result.last.error.message : "", /Deploy failed unexpectedly: disk on fire/);
  const app = store.find("shop");
  assert.equal(app && releases.current(app.id)?.number, 1);
});

test("hop3.toml [domains] are added once the release serves, told as data; a failure to add them does not fail the deploy", async () => {
  let taken = false;
  const { deploy, failBuild } = setup({
    domains: {
      checkDeclared: (_app, hosts) => [...hosts],
      addDeclared: async (_app, hosts) => {
        if (taken) throw new Hop3Error("DOMAIN_TAKEN", `Domain ${hosts[0]} is already served by app "blog".`);
        return [...hosts];
      },
    },
  });
  failBuild(() => ({ ...built, domains: ["docs.shop.test"] }));
  const first = await deploy("shop");
  assert.equal(first.ok, true);
  assert.deepEqual(first.events.find((event) => event.type === "domains-added"), { type: "domains-added", hosts: ["docs.shop.test"] });
  taken = true;
  const second = await deploy("shop", { create: false });
  assert.equal(second.ok, true);
  const notAdded = second.events.find((event) => event.type === "domains-not-added");
  assert.equal(notAdded?.type === "domains-not-added" ? notAdded.error.code : null, "DOMAIN_TAKEN");
  assert.equal(second.last?.type, "succeeded");
});
