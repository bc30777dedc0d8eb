import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import type { Addon, AddonEngine, Attachment } from "../core/addon.ts";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { AddonStore } from "../addons/addon-store.ts";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { AddonService } from "./addon-service.ts";

/** An engine that records what it was asked and hands out predictable credentials. */
function fakeEngine(type: string): AddonEngine & { calls: string[] } {
  const calls: string[] = [];
  return {
    type,
    calls,
    secretVariables: ["SECRET"],
    version: async () => "1.0",
    ensureRunning: async () => void calls.push("ensure"),
    create: async (name) => (calls.push(`create ${name}`), { admin: `pw-${name}` }),
    destroy: async (addon: Addon) => void calls.push(`destroy ${addon.name}`),
    attach: async (addon, app) => (calls.push(`attach ${addon.name} ${app.unixUser}`), { user: `${addon.name}-${app.name}` }),
    detach: async (addon: Addon, attachment: Attachment) => void calls.push(`detach ${addon.name} ${attachment.app}`),
    accessChanged: async (attachments) => void calls.push(`access ${attachments.length}`),
    env: (addon, attachment) => ({ [`${type.toUpperCase()}_URL`]: `${type}://${attachment.credentials.user}@/${addon.name}`, SECRET: "s" }),
    status: async () => "running",
    sizeBytes: async () => 10,
    detachProcesses: () => undefined,
  };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "hop3-addons-"));
  const db = openDatabase(join(dir, "hop3.db"));
  const apps = new AppStore(db);
  apps.insert("blog", "h3-blog");
  apps.insert("shop", "h3-shop");
  const store = new AddonStore(db, new ConfigCipher(join(dir, "secrets", "config.key")));
  const engine = fakeEngine("redis");
  const restarts: string[] = [];
  const service = new AddonService({
    store,
    engines: new Map([["redis", engine]]),
    apps: {
      require: (name) => {
        const app = apps.find(name);
        if (!app) throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
        return app;
      },
    },
    locks: { acquire: () => ({ release: () => undefined }) } as never,
    dumpsDir: dir,
    restart: async (app) => (restarts.push(app.name), { restarted: true, reason: "" }),
  });
  return { service, engine, restarts, db };
}

const refusal = (code: string, message: RegExp) => (error: unknown) => error instanceof Hop3Error && error.code === code && message.test(error.message);

test("a second addon of a type is prefixed; bindings reach only the attached app; attach restarts it", async () => {
  const { service, restarts } = setup();
  await service.create("redis", "cache");
  await service.create("redis", "sessions");
  await service.attach("cache", "blog", undefined);
  const second = await service.attach("sessions", "blog", undefined);
  assert.deepEqual(second.variables, ["SESSIONS_REDIS_URL", "SESSIONS_SECRET"]);
  assert.deepEqual(service.bindingsOf("blog"), { REDIS_URL: "redis://cache-blog@/cache", SECRET: "s", SESSIONS_REDIS_URL: "redis://sessions-blog@/sessions", SESSIONS_SECRET: "s" });
  assert.deepEqual(service.bindingsOf("shop"), {});
  assert.deepEqual(restarts, ["blog", "blog"]);
  const info = await service.info("cache");
  assert.equal(info.connections[0]?.env.SECRET, "********");
  assert.equal((await service.info("cache", { sees: () => true, secretsOf: () => true })).connections[0]?.env.SECRET, "s");
});

test("bad input is refused naming the value, and the engine is not asked anything", async () => {
  const { service, engine } = setup();
  await service.create("redis", "cache");
  await service.attach("cache", "blog", "CACHE");
  const before = [...engine.calls];
  await assert.rejects(service.create("mongodb", "x1"), refusal("ADDON_TYPE_UNKNOWN", /"mongodb"/));
  await assert.rejects(service.create("redis", "cache"), refusal("ADDON_EXISTS", /"cache"/));
  await assert.rejects(service.create("redis", "Bad"), refusal("ADDON_NAME_INVALID", /"Bad"/));
  await assert.rejects(service.attach("cache", "nope", undefined), refusal("APP_NOT_FOUND", /nope/));
  await assert.rejects(service.attach("cache", "blog", undefined), refusal("ADDON_ALREADY_ATTACHED", /"cache".*"blog"/));
  await assert.rejects(service.attach("cache", "shop", "lower"), refusal("ADDON_PREFIX_INVALID", /"lower"/));
  await assert.rejects(service.detach("cache", "shop"), refusal("ADDON_NOT_ATTACHED", /"cache".*"shop"/));
  await assert.rejects(service.destroy("cache", { yes: true, force: false }), refusal("ADDON_ATTACHED", /"blog"/));
  await assert.rejects(service.destroy("cache", { yes: false, force: true }), refusal("ADDON_CONFIRM_REQUIRED", /"cache"/));
  assert.deepEqual(engine.calls, before);
  assert.deepEqual((await service.list()).map((a) => [a.name, a.attachments.map((t) => t.app)]), [["cache", ["blog"]]]);
});

test("destroy --force detaches every app first, then drops the addon", async () => {
  const { service, engine, restarts } = setup();
  await service.create("redis", "cache");
  await service.attach("cache", "blog", undefined);
  await service.attach("cache", "shop", undefined);
  const result = await service.destroy("cache", { yes: true, force: true });
  assert.deepEqual(result.detached, ["blog", "shop"]);
  assert.ok(engine.calls.indexOf("destroy cache") > engine.calls.indexOf("detach cache shop"));
  assert.deepEqual(await service.list(), []);
  assert.deepEqual(service.bindingsOf("blog"), {});
  assert.deepEqual(restarts, ["blog", "shop", "blog", "shop"]);
});

test("credentials are encrypted at rest: the database file holds no password", async () => {
  const { service, db } = setup();
  await service.create("redis", "cache");
  await service.attach("cache", "blog", undefined);
  const rows = JSON.stringify([...db.prepare("SELECT * FROM addons").all(), ...db.prepare("SELECT * FROM addon_attachments").all()], (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("latin1") : value));
  assert.doesNotMatch(rows, /pw-cache|cache-blog/);
});

test("a destroyed app's attachments go with it: its roles/users are removed and nothing maps its account any more", async () => {
  const { service, engine } = setup();
  await service.create("redis", "cache");
  await service.attach("cache", "blog", undefined);
  await service.forgetApp({ id: 1, name: "blog", unixUser: "h3-blog", createdAt: "" });
  assert.deepEqual(engine.calls.slice(-2), ["detach cache blog", "access 0"]);
  assert.deepEqual((await service.list())[0]?.attachments, []);
});

test("a clone gets a new addon per attached one, the data copied and the prefix kept; undone, the copies are detached and destroyed", async () => {
  const { service, engine, db } = setup();
  const copied: string[] = [];
  Object.assign(engine, { exportTo: async (addon: Addon) => void copied.push(`export ${addon.name}`), importFrom: async (addon: Addon) => void copied.push(`import ${addon.name}`) });
  const apps = new AppStore(db);
  apps.insert("blog-copy", "h3-blog-copy");
  await service.create("redis", "blog-cache");
  await service.create("redis", "shared");
  await service.attach("blog-cache", "blog", undefined);
  await service.attach("shared", "blog", "SHARED");
  const [blog, clone] = [apps.find("blog"), apps.find("blog-copy")];
  assert.ok(blog && clone);
  const made = await service.copyAttachments(blog, clone, () => undefined);
  assert.deepEqual(made, ["blog-copy-cache", "blog-copy-shared"]);
  assert.deepEqual(copied, ["export blog-cache", "import blog-copy-cache", "export shared", "import blog-copy-shared"]);
  assert.deepEqual(Object.keys(service.bindingsOf("blog-copy")), ["REDIS_URL", "SECRET", "SHARED_REDIS_URL", "SHARED_SECRET"]);
  assert.equal(service.bindingsOf("blog-copy").REDIS_URL, "redis://blog-copy-cache-blog-copy@/blog-copy-cache");
  // Undone: detached from the clone and destroyed; the source's addons are untouched.
  await service.destroyCopies(made, clone);
  assert.deepEqual(service.bindingsOf("blog-copy"), {});
  assert.ok(engine.calls.includes("destroy blog-copy-cache"));
  assert.deepEqual((await service.list()).map((a) => a.name), ["blog-cache", "shared"]);
});

test("hop3.toml's addon made under the app's former name counts as declared: a renamed app gets no second one", async () => {
  const { service, db } = setup();
  const apps = new AppStore(db);
  const blog = apps.find("blog");
  assert.ok(blog);
  await service.provision(blog, [{ type: "redis", name: null }], () => undefined);
  db.prepare("UPDATE apps SET name = 'journal' WHERE name = 'blog'").run();
  const journal = apps.find("journal");
  assert.ok(journal);
  await service.provision(journal, [{ type: "redis", name: null }], () => undefined);
  assert.deepEqual((await service.list()).map((a) => [a.name, a.attachments.map((t) => t.app)]), [["blog-redis", ["journal"]]]);
});

test("a copy that fails half-way (a dump refused) destroys the copies made so far and says why", async () => {
  const { service, engine, db } = setup();
  Object.assign(engine, { exportTo: async () => undefined, importFrom: async (addon: Addon) => { if (addon.name.endsWith("shared")) throw new Hop3Error("ADDON_IMPORT_INVALID", "bad dump"); } });
  const apps = new AppStore(db);
  apps.insert("blog-copy", "h3-blog-copy");
  await service.create("redis", "blog-cache");
  await service.create("redis", "shared");
  await service.attach("blog-cache", "blog", undefined);
  await service.attach("shared", "blog", "SHARED");
  const [blog, clone] = [apps.find("blog"), apps.find("blog-copy")];
  assert.ok(blog && clone);
  await assert.rejects(service.copyAttachments(blog, clone, () => undefined), refusal("ADDON_IMPORT_INVALID", /bad dump/));
  assert.deepEqual((await service.list()).map((a) => a.name), ["blog-cache", "shared"]);
  assert.deepEqual(service.bindingsOf("blog-copy"), {});
});

test("hop3.toml does not take up an addon a user made under the name it declares: its creator would own the app's data", async () => {
  const { service, db, engine } = setup();
  const mallory = Number(db.prepare("INSERT INTO users (name, created_at) VALUES ('mallory', ?)").run(new Date().toISOString()).lastInsertRowid);
  await service.create("redis", "blog-redis", mallory);
  const blog = { id: 1, name: "blog", unixUser: "h3-blog" } as never;
  await assert.rejects(service.provision(blog, [{ type: "redis", name: null }], () => undefined), (error) => error instanceof Hop3Error && error.code === "ADDON_EXISTS" && /a user made an addon of that name/.test(error.message));
  assert.equal(engine.calls.filter((call) => call.startsWith("attach")).length, 0);
  // One made by an admin (no creator recorded) or by a hop3.toml is taken up as before.
  await service.create("redis", "shop-redis");
  await service.provision({ id: 2, name: "shop", unixUser: "h3-shop" } as never, [{ type: "redis", name: null }], () => undefined);
  assert.deepEqual(service.attachedTo({ id: 2 } as never), [{ addon: "shop-redis", type: "redis", prefix: "" }]);
});
