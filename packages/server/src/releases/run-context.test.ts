import assert from "node:assert/strict";
import { test } from "node:test";
import { StateLayout } from "../config/state-layout.ts";
import { loadServerConfig } from "../config/server-config.ts";
import type { App } from "../core/app.ts";
import type { AppIdentities, AppIdentity } from "../core/app-identity.ts";
import { defaultReleaseSettings } from "../core/release.ts";
import { AppSandbox } from "../apps/app-sandbox.ts";
import { sandboxPolicy } from "../apps/sandbox-policy.ts";
import { RunContexts, runEnv, type RunnableRelease } from "./run-context.ts";

const layout = new StateLayout("/srv/hop3");
const app: App = { id: 7, name: "blog", unixUser: "h3-blog-abc123", createdAt: "2026-12-01T00:00:00.000Z" };
const gib = 1024 ** 3;
const sandbox = new AppSandbox(layout, sandboxPolicy(loadServerConfig({ HOP3_HOME: "/srv/hop3", HOP3_APP_MEMORY: "1G" }), null, 8 * gib));

/** App accounts that count how often they are ensured (each time may update the network guard). */
function fakeIdentities(): AppIdentities & { ensured: string[] } {
  const ensured: string[] = [];
  return {
    ensured,
    ensure: async (user, home) => {
      ensured.push(`${user} ${home}`);
      return sandbox.confine("blog", { user, runAs: { uid: 1001, gid: 1001 } });
    },
    remove: async () => undefined,
  };
}

function release(overrides: Partial<RunnableRelease> = {}): RunnableRelease {
  return { number: 4, buildOf: 4, env: { GREETING: "from the files", HOP3_RELEASE: "4" }, processes: { web: "./serve", worker: "./work" }, settings: defaultReleaseSettings, ...overrides };
}

test("a release's commands run in its build directory; a rollback's in the build it points at", async () => {
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) } });
  assert.equal((await contexts.of(app, release())).cwd, "/srv/hop3/apps/blog/releases/4");
  const rollback = await contexts.of(app, release({ number: 6, buildOf: 2 }));
  assert.equal(rollback.cwd, "/srv/hop3/apps/blog/releases/2");
  assert.equal(rollback.release, 6);
  assert.equal(rollback.app, "blog");
});

test("config vars win over the release's environment; PORT, HOP3_* and loader variables stay Hop3's", async () => {
  const vars = { GREETING: "from config", DATABASE_URL: "postgres://db", HOP3_RELEASE: "99", PORT: "1", LD_PRELOAD: "/tmp/x.so" };
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: (name) => (name === "blog" ? vars : {}) } });
  const { env } = await contexts.of(app, release());
  assert.deepEqual(env, { GREETING: "from config", DATABASE_URL: "postgres://db", HOP3_RELEASE: "4" });
});

test("the release's [limits] apply to its commands over the server's default, once", async () => {
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) } });
  const limited = await contexts.of(app, release({ settings: { ...defaultReleaseSettings, limits: { memoryBytes: 512 * 1024 ** 2, cpus: 0.5 } } }));
  assert.equal(limited.runAs?.confinement?.limits.memoryBytes, 512 * 1024 ** 2);
  assert.equal(limited.runAs?.confinement?.limits.cpus, 0.5);
  assert.equal(limited.runAs?.confinement?.limitSources.memory, "hop3.toml [limits] memory");
  assert.equal(limited.runAs?.uid, 1001);
  const unlimited = await contexts.of(app, release());
  assert.equal(unlimited.runAs?.confinement?.limits.memoryBytes, gib);
  assert.equal(unlimited.runAs?.confinement?.limitSources.memory, "server setting app-memory");
});

test("instance counts come from the scale source; without one, from app.json's formation, else one each", async () => {
  const scaled = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) }, instances: (appId, r) => Object.fromEntries(Object.keys(r.processes).map((type) => [type, appId])) });
  assert.deepEqual((await scaled.of(app, release())).instances, { web: 7, worker: 7 });
  const plain = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) } });
  assert.deepEqual((await plain.of(app, release({ settings: { ...defaultReleaseSettings, formation: { worker: 3 } } }))).instances, { web: 1, worker: 3 });
});

test("the app's account is ensured once, and not at all when the caller already holds it", async () => {
  const identities = fakeIdentities();
  const contexts = new RunContexts({ layout, identities, configVars: { varsOf: () => ({}) } });
  const context = await contexts.of(app, release());
  assert.deepEqual(identities.ensured, ["h3-blog-abc123 /srv/hop3/apps/blog"]);
  const held: AppIdentity = { user: "h3-blog-abc123", runAs: { uid: 1001, gid: 1001 } };
  const again = await contexts.of(app, release(), held);
  assert.equal(identities.ensured.length, 1);
  assert.equal(again.identity, held);
  assert.equal(context.identity.user, "h3-blog-abc123");
});

test("HOME is the app's writable home directory, also for releases built when it was the read-only app root", async () => {
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) } });
  const old = await contexts.of(app, release({ env: { HOME: "/srv/hop3/apps/blog" } }));
  assert.equal(old.env.HOME, "/srv/hop3/apps/blog/home");
  assert.ok(old.runAs?.confinement?.writable.includes("/srv/hop3/apps/blog/home"));
  const own = await contexts.of(app, release({ env: { HOME: "/srv/hop3/apps/blog/data/me" } }));
  assert.equal(own.env.HOME, "/srv/hop3/apps/blog/data/me", "a HOME the app set itself is kept");
});

test("every command of the app gets its hostname and URL as served now, which a config var cannot replace", async () => {
  const contexts = new RunContexts({
    layout,
    identities: fakeIdentities(),
    configVars: { varsOf: () => ({ HOP3_URL: "http://elsewhere" }) },
    addresses: (name) => ({ hostname: `${name}.example.org`, url: `https://${name}.example.org` }),
  });
  const { env } = await contexts.of(app, release({ env: { HOP3_HOSTNAME: "old.example.org" } }));
  assert.equal(env.HOP3_HOSTNAME, "blog.example.org");
  assert.equal(env.HOP3_URL, "https://blog.example.org");
});

test("generated secrets sit under config vars; _policy = override keeps hop3.toml's values; [env.computed] interpolates last", () => {
  const env = runEnv(
    { MODE: "files", DATABASE_URL: "postgres://db/app", HOP3_APP: "blog" },
    { MODE: "config", SECRET_KEY: "set by hand", EXTRA: "x" },
    {
      secrets: { SECRET_KEY: "generated", TOKEN: "generated token" },
      overrides: ["MODE"],
      computed: { DB: "${DATABASE_URL}?sslmode=require", GREETING: "${TOKEN}/${MISSING}/$HOME" },
      hop3: { HOP3_URL: "http://blog.example.org" },
    },
  );
  assert.equal(env.MODE, "files", "_policy = override: hop3.toml's value wins over the config var");
  assert.equal(env.SECRET_KEY, "set by hand", "a config var replaces a generated secret");
  assert.equal(env.TOKEN, "generated token");
  assert.equal(env.DB, "postgres://db/app?sslmode=require");
  assert.equal(env.GREETING, "generated token//$HOME");
  assert.equal(env.HOP3_URL, "http://blog.example.org");
});

test("a release gets the generated secrets its settings name, the same value on every start", async () => {
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) }, secrets: { secretsOf: () => ({ SECRET_KEY: "k1", UNUSED: "u" }) } });
  const { env } = await contexts.of(app, release({ settings: { ...defaultReleaseSettings, secrets: ["SECRET_KEY"] } }));
  assert.equal(env.SECRET_KEY, "k1");
  assert.equal(env.UNUSED, undefined);
});

test("addon bindings sit over the files' values and generated secrets, under config vars, and [env.computed] can use them", () => {
  const env = runEnv(
    { DATABASE_URL: "postgres://files/app", REDIS_URL: "redis://files" },
    { REDIS_URL: "redis://operator" },
    { secrets: { DATABASE_URL: "generated" }, bindings: { DATABASE_URL: "postgresql://role@/db", REDIS_URL: "unix://u:p@/s.sock", PORT: "1", HOP3_APP: "x" }, computed: { DB: "${DATABASE_URL}&x=1" } },
  );
  assert.equal(env.DATABASE_URL, "postgresql://role@/db");
  assert.equal(env.REDIS_URL, "redis://operator", "an operator's config var wins over the binding");
  assert.equal(env.DB, "postgresql://role@/db&x=1");
  assert.equal(env.PORT, undefined, "a binding never sets PORT or HOP3_*");
  assert.equal(env.HOP3_APP, undefined);
});

test("hop3.toml [env] references to an attached addon's value are set at each start; one to an addon not attached is unset", async () => {
  const addonVariables = (name: string, from: string) => (name === "blog" && from === "db" ? { DATABASE_URL: "postgres://blog@/db" } : undefined);
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) }, addonVariables });
  const addonReferences = { APP_DB: { from: "db", key: "DATABASE_URL" }, CACHE: { from: "cache", key: "REDIS_URL" } };
  const { env } = await contexts.of(app, release({ settings: { ...defaultReleaseSettings, addonReferences } }));
  assert.equal(env["APP_DB"], "postgres://blog@/db");
  assert.equal(Object.hasOwn(env, "CACHE"), false);
});

test("the release's tmpfs volumes are mounted at their targets in the build it runs, with their sizes", async () => {
  const contexts = new RunContexts({ layout, identities: fakeIdentities(), configVars: { varsOf: () => ({}) } });
  const tmpfs = [{ name: "scratch", target: "tmp/scratch", sizeBytes: 16 * 1024 ** 2 }];
  const context = await contexts.of(app, release({ number: 6, buildOf: 2, settings: { ...defaultReleaseSettings, tmpfs } }));
  assert.deepEqual(context.runAs?.confinement?.tmpfs, [{ path: "/srv/hop3/apps/blog/releases/2/tmp/scratch", sizeBytes: 16 * 1024 ** 2 }]);
});
