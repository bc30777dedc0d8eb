import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error, type UpgradeAddonBody } from "@hop3/contract";
import type { Addon, AddonEngine } from "../core/addon.ts";
import { upgradeAddon } from "./addon-upgrade.ts";

const addon: Addon = { id: 1, name: "cache", type: "redis", secret: {} };

/** An engine that keeps its "data" in memory: what the upgrade dumps, moves and loads. */
function fakeEngine(options: { installed: string[]; version: string; rebuild?: boolean; failImport?: boolean; shared?: boolean; loseRows?: boolean }) {
  const calls: string[] = [];
  let data = "v1";
  let kept: { dir: string; data: string } | null = null;
  const engine: AddonEngine = {
    type: "redis",
    secretVariables: [],
    version: async () => options.version,
    installedVersions: async () => options.installed,
    restart: async () => {
      calls.push("restart");
      return ["cache"];
    },
    exportTo: async (_addon, file) => writeFileSync(file, data),
    importFrom: async (into) => {
      if (options.failImport === true) throw new Error("bad dump");
      data = options.loseRows === true ? "v1-partial" : "v1";
      calls.push(options.shared === true ? `import ${into.name}` : "import");
    },
    ...(options.rebuild === false
      ? {}
      : {
          rebuild: {
            scope: options.shared === true ? "engine" : "addon",
            ...(options.shared === true ? { contents: async () => `kv ${data.length}` } : {}),
            pending: () => kept?.dir ?? null,
            switchToNew: async () => {
              kept = { dir: "/old", data };
              data = "";
              calls.push("switch");
              return "/new";
            },
            rollback: async () => {
              data = kept?.data ?? data;
              kept = null;
              calls.push("rollback");
            },
            confirm: async () => {
              kept = null;
              calls.push("confirm");
            },
          },
        }),
    ensureRunning: async () => undefined,
    create: async () => ({}),
    destroy: async () => undefined,
    attach: async () => ({}),
    detach: async () => undefined,
    env: () => ({}),
    status: async () => "running",
    sizeBytes: async () => null,
    detachProcesses: () => undefined,
  };
  return { engine, calls, data: () => data };
}

const run = (engine: AddonEngine, request: UpgradeAddonBody, addons: readonly Addon[] = [addon]) => upgradeAddon(addon, engine, request, { addons, attachments: [], dumpsDir: mkdtempSync(join(tmpdir(), "hop3-upgrade-")) });
const code = (error: unknown) => (error instanceof Hop3Error ? error.code : String(error));

void test("a version that is not installed is refused, naming the installed ones, before anything runs", async () => {
  const { engine, calls } = fakeEngine({ installed: ["7.0.15"], version: "7.0.15" });
  await assert.rejects(run(engine, { to: "8" }), (error) => code(error) === "ADDON_VERSION_UNAVAILABLE" && /Redis 8 is not installed .*installed: 7\.0\.15/.test((error as Error).message));
  await assert.rejects(run(engine, { to: "7.1" }), (error) => code(error) === "ADDON_VERSION_UNAVAILABLE");
  assert.deepEqual(calls, []);
});

void test("a version of the same major restarts the engine in place", async () => {
  const { engine, calls } = fakeEngine({ installed: ["7.0.15"], version: "7.0.11" });
  const done = await run(engine, { to: "7.0" });
  assert.equal(done.action, "minor");
  assert.deepEqual(calls, ["restart"]);
});

void test("another major (or --major) dumps, switches, loads the dump, and keeps the old data until confirmed", async () => {
  const { engine, calls } = fakeEngine({ installed: ["7.0.15", "8.0.1"], version: "7.0.15" });
  const done = await run(engine, { to: "8" });
  assert.deepEqual([done.action, done.to, done.kept], ["major", "8.0.1", "/old"]);
  assert.ok(done.dump !== null && existsSync(done.dump));
  assert.deepEqual(calls, ["switch", "import"]);
  await assert.rejects(run(engine, { to: "8" }), (error) => code(error) === "ADDON_UPGRADE_PENDING");
  assert.equal((await run(engine, { confirm: true })).action, "confirm");
  await assert.rejects(run(engine, { rollback: true }), (error) => code(error) === "ADDON_NO_UPGRADE_PENDING");
});

void test("a dump that does not load rolls the switch back: the old data is served again", async () => {
  const { engine, calls, data } = fakeEngine({ installed: ["7.0.15"], version: "7.0.15", failImport: true });
  await assert.rejects(run(engine, { to: "7", major: true }), (error) => code(error) === "ADDON_ENGINE_FAILED" && /old data directory again, unchanged/.test((error as Error).message));
  assert.deepEqual(calls, ["switch", "rollback"]);
  assert.equal(data(), "v1");
});

void test("an engine without a rebuild refuses a major upgrade and changes nothing", async () => {
  const { engine, calls } = fakeEngine({ installed: ["15.14", "16.4"], version: "15.14", rebuild: false });
  await assert.rejects(run(engine, { to: "16" }), (error) => code(error) === "ADDON_OPERATION_UNSUPPORTED");
  assert.deepEqual(calls, []);
});

void test("exactly one of to, confirm, rollback", async () => {
  const { engine } = fakeEngine({ installed: ["7.0.15"], version: "7.0.15" });
  await assert.rejects(run(engine, {}), (error) => code(error) === "REQUEST_INVALID");
  await assert.rejects(run(engine, { to: "7", confirm: true }), (error) => code(error) === "REQUEST_INVALID");
});

/** Two postgres addons on one server, and a redis addon the upgrade must not touch. */
const shared: Addon[] = [addon, { id: 2, name: "other", type: "redis", secret: {} }, { id: 3, name: "elsewhere", type: "postgres", secret: {} }];

void test("a shared server's major upgrade names the other addons it moves and needs --major or --yes; nothing runs before", async () => {
  const { engine, calls } = fakeEngine({ installed: ["15.14", "17.2"], version: "15.14", shared: true });
  await assert.rejects(run(engine, { to: "17" }, shared), (error) => code(error) === "ADDON_UPGRADE_SHARED" && /upgrades the one Redis server, which also serves other: they would move with it; nothing was changed\.$/.test((error as Error).message));
  assert.deepEqual(calls, []);
  const done = await run(engine, { to: "17", yes: true }, shared);
  assert.deepEqual([done.action, done.to, done.restarted], ["major", "17.2", ["cache", "other"]]);
  assert.deepEqual(calls, ["switch", "import cache", "import other"], "every addon of the server is loaded into the new one; the redis one is not touched");
  assert.equal(done.steps.filter((step) => step.startsWith("Dumped ")).length, 2);
  assert.equal((await run(engine, { rollback: true }, shared)).restarted.join(), "cache,other");
});

void test("a load that leaves an addon with other contents than before rolls the whole server back", async () => {
  const { engine, calls, data } = fakeEngine({ installed: ["15.14"], version: "15.14", shared: true, loseRows: true });
  await assert.rejects(run(engine, { to: "15", major: true }, shared), (error) => code(error) === "ADDON_ENGINE_FAILED" && /cache, other are served from the old data directory again, unchanged\. After the load it holds kv 10/.test((error as Error).message));
  assert.deepEqual(calls, ["switch", "import cache", "rollback"]);
  assert.equal(data(), "v1");
});
