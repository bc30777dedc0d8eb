import { renderConfigNotice } from "@hop3/contract";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { loadAppConfig } from "./load-app-config.ts";

let root: string;
let count = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "hop3-appconfig-"));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh app directory holding `files` (name -> content). */
async function appWith(files: Record<string, string>): Promise<string> {
  const dir = join(root, `app-${++count}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

async function loadError(dir: string): Promise<Hop3Error> {
  const error: unknown = await loadAppConfig(dir).then(
    () => assert.fail("expected the configuration to be refused"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof Hop3Error, String(error));
  return error;
}

test("reads hop3.toml, Procfile, ENV and .env together and lists the files read", async () => {
  const dir = await appWith({
    "hop3.toml": '[metadata]\nid = "shop"\n[build]\ntoolchain = "python"\n[run.workers]\nbeat = "celery beat"\n[env]\nLEVEL = "toml"\n',
    Procfile: "web: gunicorn shop.wsgi -b 0.0.0.0:$PORT\r\nstatic: public\r\n",
    ENV: "LEVEL=env\nNAME=shop\n",
    ".env": "LEVEL=dotenv\n",
  });
  const config = await loadAppConfig(dir);
  assert.deepEqual(config, {
    id: "shop",
    processes: { web: "gunicorn shop.wsgi -b 0.0.0.0:$PORT", beat: "celery beat" },
    staticRoot: "public",
    env: { LEVEL: "toml", NAME: "shop" },
    toolchain: "python",
    buildHooks: { before: [], build: [], after: [] },
    healthcheck: null,
    release: [],
    postdeploy: [],
    startTimeoutMs: null,
    buildTimeoutMs: null,
    limits: { memoryBytes: null, cpus: null, maxProcesses: null },
    formation: {},
    cron: [],
    notices: [],
    files: ["hop3.toml", "Procfile", "ENV", ".env"],
    packageManager: null,
    goMain: [],
    validations: [],
    domains: [],
    staticDir: null,
    nodeVersion: null,
    secrets: [],
    references: {},
    envOverrides: [],
    computedEnv: {},
    addonReferences: {},
    logPattern: null,
    addons: [],
    volumes: [],
    tmpfsVolumes: [],
    ports: [],
  });
});

test("reads a Dokku app.json next to the Procfile", async () => {
  const dir = await appWith({
    Procfile: "web: node server.js\nrelease: npm run migrate\n",
    "app.json": JSON.stringify({
      name: "shop",
      scripts: { dokku: { predeploy: "npm run assets", postdeploy: "./notify" } },
      env: { NODE_ENV: { value: "production" } },
      healthchecks: { web: [{ type: "startup", path: "/health", content: "ok", attempts: 5, wait: 2 }] },
    }),
  });
  const config = await loadAppConfig(dir);
  assert.deepEqual(config.files, ["Procfile", "app.json"]);
  assert.deepEqual(config.release, ["npm run migrate", "npm run assets"]);
  assert.deepEqual(config.postdeploy, ["./notify"]);
  assert.deepEqual(config.env, { NODE_ENV: "production" });
  assert.deepEqual(config.healthcheck, {
    path: "/health",
    expectStatus: null,
    content: "ok",
    timeoutMs: 5000,
    attempts: 5,
    waitMs: 0,
    intervalMs: 2000,
    source: "app.json healthchecks.web[0]",
  });
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
});

test("reports a syntax error in app.json with its line and column", async () => {
  const error = await loadError(await appWith({ "app.json": '{\n  "name": "shop",\n}\n' }));
  assert.equal(error.code, "APP_CONFIG_INVALID");
  assert.equal(error.message, "app.json line 3, column 1: Expected double-quoted property name (JSON allows no comma after the last item)");
});

test("gives an empty configuration for an app without configuration files", async () => {
  const config = await loadAppConfig(await appWith({ "app.py": "print('hi')\n" }));
  assert.deepEqual(config.files, []);
  assert.deepEqual(config.processes, {});
  assert.equal(config.id, null);
});

test("reports an invalid file with its name and line", async () => {
  const error = await loadError(await appWith({ Procfile: "web: a\n\nweb: b\n" }));
  assert.equal(error.code, "PROCFILE_INVALID");
  assert.equal(error.message, 'Procfile line 3: process type "web" is already defined on line 1');
  const envError = await loadError(await appWith({ ".env": "PORT=5000\n" }));
  assert.equal(envError.message, ".env line 1: PORT is assigned by Hop3 to each process and may not be set");
});

test("treats a missing app directory as a programming error, not a user error", async () => {
  const missing = join(root, "does-not-exist");
  await assert.rejects(loadAppConfig(missing), (error: unknown) => error instanceof Error && !(error instanceof Hop3Error));
  const file = join(await appWith({ x: "" }), "x");
  await assert.rejects(loadAppConfig(file), (error: unknown) => error instanceof Error && !(error instanceof Hop3Error));
});

test("follows a symbolic link inside the app but refuses one pointing outside it", async () => {
  const inside = await appWith({ "Procfile.production": "web: ./serve\n" });
  await symlink("Procfile.production", join(inside, "Procfile"));
  assert.deepEqual((await loadAppConfig(inside)).processes, { web: "./serve" });

  const secret = join(root, "secret");
  await writeFile(secret, "root:x:0:0\n");
  const outside = await appWith({});
  await symlink(secret, join(outside, "Procfile"));
  const error = await loadError(outside);
  assert.equal(error.code, "APP_CONFIG_INVALID");
  assert.equal(error.message, "Procfile is a symbolic link pointing outside the app's directory");
});

test("refuses a configuration name that is not a regular file", async () => {
  const dir = await appWith({});
  await mkdir(join(dir, "ENV"));
  const error = await loadError(dir);
  assert.equal(error.code, "APP_CONFIG_INVALID");
  assert.equal(error.message, "ENV is not a regular file");
});
