import { renderConfigNotice } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseAppJson } from "./app-json.ts";
import { parseEnvFile } from "./env-file.ts";
import { parseHop3Toml } from "./hop3-toml.ts";
import { mergeAppConfig } from "./merge-app-config.ts";
import type { AppConfigSources } from "./merge-app-config.ts";
import { parseProcfile } from "./procfile.ts";

interface Files {
  toml?: string;
  procfile?: string;
  appJson?: string;
  env?: string;
  dotenv?: string;
}

function merge(files: Files) {
  return mergeAppConfig(sources(files));
}

function sources(files: Files): AppConfigSources {
  return {
    hop3Toml: files.toml === undefined ? undefined : { fileName: "hop3.toml", config: parseHop3Toml(`[metadata]\nid = "app"\n${files.toml}`) },
    procfile: files.procfile === undefined ? undefined : parseProcfile(files.procfile),
    appJson: files.appJson === undefined ? undefined : { fileName: "app.json", config: parseAppJson(files.appJson) },
    envFiles: [
      ...(files.env === undefined ? [] : [parseEnvFile(files.env, "ENV")]),
      ...(files.dotenv === undefined ? [] : [parseEnvFile(files.dotenv, ".env")]),
    ],
  };
}

function mergeError(files: Files, code: string): string {
  try {
    merge(files);
  } catch (error) {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, code);
    return error.message;
  }
  assert.fail("expected the configuration to be refused");
}

test("gives an empty configuration when the app has no configuration files", () => {
  assert.deepEqual(mergeAppConfig({}), {
    id: null,
    processes: {},
    staticRoot: null,
    env: {},
    toolchain: null,
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
    files: [],
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

test("layers the environment: ENV, then .env, then hop3.toml [env]", () => {
  const config = merge({
    env: "A=env\nB=env\nC=env",
    dotenv: "B=dotenv\nC=dotenv",
    toml: '[env]\nC = "toml"\nD = "toml"',
  });
  assert.deepEqual(config.env, { A: "env", B: "dotenv", C: "toml", D: "toml" });
  assert.deepEqual(config.files, ["hop3.toml", "ENV", ".env"]);
});

test("a generated secret is asked of the deploy, never a value of the files' environment", () => {
  const config = merge({ toml: '[env]\nSECRET_KEY = { generate = "hex", length = 64 }\nADMIN_PASSWORD = { generate = "password", prefix = "a-", display = true }' });
  assert.deepEqual(config.env, {});
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
  assert.deepEqual(config.secrets, [
    { name: "SECRET_KEY", generate: "hex", length: 64, prefix: "", display: false },
    { name: "ADMIN_PASSWORD", generate: "password", length: 32, prefix: "a-", display: true },
  ]);
});

test("[env] references (to the app, to an addon), _policy and [env.computed] are read", () => {
  const config = merge({
    toml: '[env]\n_policy = "override"\nMODE = "prod"\nSITE = { key = "hostname" }\nAPP = { key = "name" }\nDATABASE_URL = { from = "db", key = "DATABASE_URL" }\n[env.computed]\nDB = "${DATABASE_URL}?sslmode=require"',
  });
  assert.deepEqual(config.env, { MODE: "prod" });
  assert.deepEqual(config.references, { SITE: "hostname", APP: "name" });
  assert.deepEqual(config.envOverrides, ["MODE", "SITE", "APP"]);
  assert.deepEqual(config.computedEnv, { DB: "${DATABASE_URL}?sslmode=require" });
  assert.deepEqual(config.addonReferences, { DATABASE_URL: { from: "db", key: "DATABASE_URL" } }, "resolved at each start from the attached addon");
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
  assert.throws(() => merge({ toml: '[env]\nX = { key = "hostnme" }' }), /"env.X.key" must be one of "domain", "hostname", "name"/);
});

test("maps Piku's NGINX_SERVER_NAME to HOST_NAME unless HOST_NAME is set", () => {
  assert.equal(merge({ env: "NGINX_SERVER_NAME=app.test" }).env["HOST_NAME"], "app.test");
  assert.equal(merge({ env: "NGINX_SERVER_NAME=app.test", toml: '[env]\nHOST_NAME = "other.test"' }).env["HOST_NAME"], "other.test");
});

test("overlays hop3.toml run.start and [run.workers] on the Procfile's process types", () => {
  const config = merge({
    procfile: "web: gunicorn app:app\nworker: celery worker\nrelease: ./migrate",
    toml: '[run]\nstart = "gunicorn app:app"\n[run.workers]\nbeat = "celery beat"\nWorker = "celery worker"',
  });
  assert.deepEqual(config.processes, { web: "gunicorn app:app", worker: "celery worker", beat: "celery beat" });
});

test("refuses a process type defined differently in the Procfile and hop3.toml, naming both files", () => {
  const message = mergeError({ procfile: "web: gunicorn a:app", toml: '[run]\nstart = "gunicorn b:app"' }, "APP_CONFIG_INVALID");
  assert.equal(message, 'process type "web" is defined twice: Procfile line 1 says "gunicorn a:app" and hop3.toml "run.start" says "gunicorn b:app"; keep one of them');
  assert.match(mergeError({ procfile: "worker: a", toml: '[run.workers]\nworker = "b"' }, "APP_CONFIG_INVALID"), /Procfile line 1 .* hop3.toml "run.workers.worker"/);
});

test("lets [run.workers] web override run.start", () => {
  const config = merge({ toml: '[run]\nstart = "old"\n[run.workers]\nweb = "new"' });
  assert.deepEqual(config.processes, { web: "new" });
});

test("serves wsgi and asgi module paths with gunicorn and uvicorn as the web process", () => {
  assert.deepEqual(merge({ procfile: "wsgi: myapp.wsgi:application" }).processes, { web: "gunicorn -b 127.0.0.1:$PORT myapp.wsgi:application" });
  assert.deepEqual(merge({ procfile: "asgi: myapp.asgi:app\nworker: w" }).processes, { web: "uvicorn --host 127.0.0.1 --port $PORT myapp.asgi:app", worker: "w" });
  assert.deepEqual(merge({ procfile: "wsgi: a:b" }).notices.map(renderConfigNotice), []);
});

test("refuses a Procfile with both web and wsgi, naming both lines", () => {
  const message = mergeError({ procfile: "web: ./server\nwsgi: app:app" }, "PROCFILE_INVALID");
  assert.equal(message, 'process type "web" is defined twice: Procfile line 1 says "./server" and Procfile line 2 (as "wsgi") says "gunicorn -b 127.0.0.1:$PORT app:app"; keep one of them');
});

test("takes the static root from the Procfile or from hop3.toml [static] \"/\"", () => {
  assert.equal(merge({ procfile: "static: public/" }).staticRoot, "public");
  assert.equal(merge({ toml: '[static]\n"/" = "./dist"' }).staticRoot, "dist");
  assert.equal(merge({ procfile: "static: dist", toml: '[static]\n"/" = "dist"' }).staticRoot, "dist");
  assert.deepEqual(merge({ procfile: "static: public" }).processes, {});
});

test("refuses two different static roots and a static root outside the app", () => {
  assert.match(mergeError({ procfile: "static: public", toml: '[static]\n"/" = "dist"' }, "APP_CONFIG_INVALID"), /^the static directory is defined twice: Procfile line 1 says "public" and hop3.toml \[static\] "\/" says "dist"/);
  assert.equal(mergeError({ procfile: "static: ../etc" }, "PROCFILE_INVALID"), 'Procfile line 1: the static directory must be inside the app, got "../etc"');
  assert.match(mergeError({ toml: '[static]\n"/" = "/var/www"' }, "HOP3_TOML_INVALID"), /^hop3.toml \[static\] "\/": the static directory must be inside the app/);
});

test("collects build hooks from hop3.toml and the Procfile's prebuild and postbuild", () => {
  const config = merge({
    procfile: "prebuild: ./fetch-assets\npostbuild: ./compress",
    toml: '[build]\ntoolchain = "node"\nbefore-build = "./fetch-assets"\nbuild = ["npm run build", "npm prune"]\nafter-build = "./report"',
  });
  assert.deepEqual(config.buildHooks, { before: ["./fetch-assets"], build: ["npm run build", "npm prune"], after: ["./compress", "./report"] });
  assert.equal(config.toolchain, "node");
  assert.equal(config.id, "app");
  assert.deepEqual(config.processes, {});
});

test("warns about each Procfile setting that is understood but not acted on yet", () => {
  const config = merge({ procfile: "web: w\nrelease: ./migrate\npreflight: ./check\ncron: 0 * * * * ./hourly\njwsgi: app" });
  assert.deepEqual(config.notices.map(renderConfigNotice), [
    'Procfile line 3: "preflight" is not supported yet and was ignored',
    'Procfile line 5: "jwsgi" is not supported yet and was ignored',
  ]);
  assert.deepEqual(config.processes, { web: "w" });
});

test("warns about each hop3.toml setting that is understood but not acted on yet", () => {
  const config = merge({
    toml: `
[build]
builder = "docker"
packages = ["libpq-dev"]
[run]
start = "w"
before-run = "./migrate"
[run.workers]
release = "./migrate"
[static]
"/static" = "staticfiles"
[healthcheck]
path = "/health/"
[[addons]]
type = "postgres"
[[provider]]
name = "redis"
[backup]
paths = ["media"]
[[volumes]]
name = "data"
target = "data"
[limits]
memory = "512M"
[port]
container = 8000
[docker]
port = 8000
[test]
priority = "P1"
`,
  });
  assert.deepEqual(config.notices.map(renderConfigNotice), [
    'hop3.toml [static] "/static" is not supported yet and was ignored (only "/" is served)',
    'hop3.toml [build] builder = "docker" is not supported yet and was ignored',
    "hop3.toml [build] packages is not supported yet and was ignored",
    "hop3.toml [backup] is not supported yet and was ignored",
    "hop3.toml [port] is not supported yet and was ignored",
    "hop3.toml [docker] (no Docker builder) is not supported and was ignored",
  ]);
  assert.deepEqual(config.processes, { web: "w" });
  assert.deepEqual(config.limits, { memoryBytes: 512 * 1024 ** 2, cpus: null, maxProcesses: null }, "[limits] is acted on: memory per process");
  assert.deepEqual(config.volumes, [{ name: "data", target: "data" }], "[[volumes]] is acted on: a persistent directory");
  assert.deepEqual(config.addons, [{ type: "postgres", name: null }, { type: "redis", name: "redis" }], "[[addons]] and [[provider]] are acted on: made and attached at the deploy");
});

test("no longer warns about the release settings it now acts on", () => {
  const config = merge({
    procfile: "web: w\nrelease: ./migrate",
    toml: '[run]\nbefore-run = "./seed"\nstart-timeout = 30\nhealthcheck = "/up"\nhealthcheck-timeout = "2s"\n[run.workers]\nrelease = "./migrate"\n[healthcheck]\npath = "/up"\nretries = 1',
  });
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
  assert.deepEqual(config.release, ["./migrate", "./seed"]);
  assert.equal(config.startTimeoutMs, 30_000);
  assert.equal(config.healthcheck?.path, "/up");
});

test("orders release commands Procfile, hop3.toml, app.json and runs a repeated one once", () => {
  const config = merge({
    procfile: "web: w\nrelease: python manage.py migrate",
    toml: '[run]\nbefore-run = ["python manage.py migrate", "python manage.py collectstatic --noinput"]',
    appJson: '{ "scripts": { "dokku": { "predeploy": "./notify-start", "postdeploy": "./notify-done" } } }',
  });
  assert.deepEqual(config.release, ["python manage.py migrate", "python manage.py collectstatic --noinput", "./notify-start"]);
  assert.deepEqual(config.postdeploy, ["./notify-done"]);
  assert.deepEqual(merge({ appJson: '{ "scripts": { "dokku": { "predeploy": "./a" } } }', toml: '[run]\nbefore-run = "./a"' }).release, ["./a"]);
});

test("takes a string or an array as hop3.toml before-run", () => {
  assert.deepEqual(merge({ toml: '[run]\nbefore-run = "./migrate"' }).release, ["./migrate"]);
  assert.deepEqual(merge({ toml: '[run]\nbefore-run = ["./a", "./b"]' }).release, ["./a", "./b"]);
});

test("reads the start timeout in seconds or as a duration string", () => {
  assert.equal(merge({ toml: "[run]\nstart-timeout = 1.5" }).startTimeoutMs, 1500);
  assert.equal(merge({ toml: '[run]\nstart-timeout = "2m"' }).startTimeoutMs, 120_000);
  assert.equal(merge({ toml: "[run]" }).startTimeoutMs, null);
});

test("reads [build] timeout in seconds or as a duration string; without it the server's setting applies", () => {
  assert.equal(merge({ toml: "[build]\ntimeout = 90" }).buildTimeoutMs, 90_000);
  assert.equal(merge({ toml: '[build]\ntimeout = "10m"' }).buildTimeoutMs, 600_000);
  assert.equal(merge({ toml: "[build]" }).buildTimeoutMs, null);
});

test("puts app.json env values below ENV, .env and hop3.toml [env]", () => {
  const config = merge({
    appJson: '{ "env": { "A": "app", "B": { "value": "app" }, "C": "app", "D": "app" } }',
    env: "B=env",
    dotenv: "C=dotenv",
    toml: '[env]\nD = "toml"',
  });
  assert.deepEqual(config.env, { A: "app", B: "env", C: "dotenv", D: "toml" });
  assert.deepEqual(config.files, ["hop3.toml", "app.json", "ENV", ".env"]);
});

test("warns about a required app.json variable only when no other file sets it", () => {
  const appJson = '{ "env": { "API_TOKEN": { "description": "Token of the API" }, "OPTIONAL": { "required": false } } }';
  assert.deepEqual(merge({ appJson }).notices.map(renderConfigNotice), ['app.json "env.API_TOKEN" is required but has no value; set it in ENV, .env or hop3.toml [env]']);
  assert.deepEqual(merge({ appJson, env: "API_TOKEN=abc" }).notices.map(renderConfigNotice), []);
});

test("prefers hop3.toml's health check to app.json's, saying app.json's was ignored", () => {
  const appJson = '{ "healthchecks": { "web": [{ "path": "/ready", "port": 5000 }] } }';
  const config = merge({ toml: '[healthcheck]\npath = "/health/"', appJson });
  assert.equal(config.healthcheck?.path, "/health/");
  assert.equal(config.healthcheck?.source, "hop3.toml [healthcheck]");
  // app.json's own warnings (the ignored port) no longer matter once its check is set aside.
  assert.deepEqual(config.notices.map(renderConfigNotice), ["app.json healthchecks.web[0] was ignored: hop3.toml [healthcheck] sets the health check"]);
  assert.equal(merge({ appJson }).healthcheck?.source, "app.json healthchecks.web[0]");
});

test("records app.json formation as the initial scale of each process type, without warnings", () => {
  const config = merge({ appJson: '{ "formation": { "Web": { "quantity": 1 }, "worker": { "quantity": 2 } } }' });
  assert.deepEqual(config.formation, { web: 1, worker: 2 });
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
});

test("names Procfile cron jobs cron.1, cron.2… in order and hop3.toml ones after their table", () => {
  const config = merge({
    procfile: "web: w\ncron: */5 * * * * ./often\ncron: @daily ./nightly",
    toml: '[cron.cleanup]\nschedule = "0 3 * * 1"\ncommand = "./cleanup --old"',
  });
  assert.deepEqual(config.cron, [
    { name: "cron.1", schedule: "*/5 * * * *", command: "./often" },
    { name: "cron.2", schedule: "@daily", command: "./nightly" },
    { name: "cron.cleanup", schedule: "0 3 * * 1", command: "./cleanup --old" },
  ]);
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
  assert.deepEqual(config.processes, { web: "w" });
});

test("refuses a hop3.toml cron job named like a Procfile one, naming both", () => {
  assert.throws(
    () => merge({ procfile: "cron: * * * * * ./a", toml: '[cron.1]\nschedule = "@hourly"\ncommand = "./b"' }),
    { code: "APP_CONFIG_INVALID", message: 'cron job "cron.1" is defined twice: Procfile line 1 and hop3.toml [cron.1]; give the hop3.toml job another name' },
  );
});

test("ignores a process type named cron in [run.workers], pointing to [cron.<name>]", () => {
  const config = merge({ toml: '[run.workers]\ncron = "./every-minute"\nworker = "./w"' });
  assert.deepEqual(config.processes, { worker: "./w" });
  assert.deepEqual(config.notices.map(renderConfigNotice), ['hop3.toml "run.workers.cron" was ignored: scheduled jobs go in [cron.<name>] tables with a schedule and a command']);
});

test("reads [build] package-manager, the installer a builder uses instead of choosing by lockfile", () => {
  assert.equal(merge({ toml: '[build]\npackage-manager = "uv"' }).packageManager, "uv");
  assert.equal(merge({ toml: "" }).packageManager, null);
  assert.match(mergeError({ toml: '[build]\npackage-manager = "Yarn 4"' }, "HOP3_TOML_INVALID"), /"build.package-manager" must be a package manager name such as "uv" or "pnpm"/);
});

test("Piku's ENV settings: NGINX_SERVER_NAME and HOST_NAME name the app's domains, NGINX_STATIC_PATHS '/:dir' its static root, NODE_VERSION the Node.js it needs", () => {
  const config = merge({ env: "NGINX_SERVER_NAME=shop.test www.shop.test\nNGINX_STATIC_PATHS=/:public/\nNODE_VERSION=20\nNGINX_HTTPS_ONLY=true\n" });
  assert.deepEqual(config.domains, ["shop.test", "www.shop.test"]);
  assert.equal(config.staticRoot, "public");
  assert.equal(config.nodeVersion, "20");
  assert.deepEqual(config.notices.map(renderConfigNotice), []);
  assert.deepEqual(merge({ env: "HOST_NAME=blog.test\n" }).domains, ["blog.test"]);
  const listed = merge({ env: "HOST_NAME=blog.test\n", toml: '[domains]\nlist = ["news.test"]\n' });
  assert.deepEqual(listed.domains, ["news.test"]);
  assert.match(listed.notices.map(renderConfigNotice).join("\n"), /HOST_NAME \(or NGINX_SERVER_NAME\) was ignored for the app's domains: hop3\.toml \[domains\] list names them/);
});

test("Piku's ENV settings Hop3 does not act on are warned about by name, with the file and line", () => {
  const env = "UWSGI_PROCESSES=4\nNGINX_STATIC_PATHS=/static:static,/:public\nNGINX_HTTPS_ONLY=false\nNGINX_CACHE_TIME=3600\nPIKU_AUTO_RESTART=false\nNGINX_CLOUDFLARE_ACL=true\nBIND_ADDRESS=0.0.0.0\n";
  const config = merge({ env });
  assert.equal(config.staticRoot, "public");
  const warnings = config.notices.map(renderConfigNotice).join("\n");
  assert.match(warnings, /ENV line 1: UWSGI_PROCESSES is a Piku setting Hop3 does not act on \(scale with `hop3 ps:scale APP web=N`/);
  assert.match(warnings, /ENV line 2: NGINX_STATIC_PATHS "\/static:static" was ignored: only "\/:directory" is served/);
  assert.match(warnings, /ENV line 3: NGINX_HTTPS_ONLY = "false" was ignored/);
  for (const key of ["NGINX_CACHE_TIME", "PIKU_AUTO_RESTART", "NGINX_CLOUDFLARE_ACL", "BIND_ADDRESS"]) assert.match(warnings, new RegExp(`: ${key} is a Piku setting Hop3 does not act on`));
  assert.equal(config.env["UWSGI_PROCESSES"], "4", "the values stay in the environment, as on Piku");
});

test("[[volumes]] of type tmpfs are size-limited mounts (64M by default); bind volumes and mode are warned about", () => {
  const toml = '[[volumes]]\nname = "scratch"\ntarget = "./tmp/scratch/"\ntype = "tmpfs"\nsize = "16M"\n[[volumes]]\nname = "cache"\ntarget = "cache"\ntype = "tmpfs"\n[[volumes]]\nname = "host"\ntarget = "host"\ntype = "bind"\nmode = "0755"\n';
  const config = merge({ toml });
  assert.deepEqual(config.tmpfsVolumes, [
    { name: "scratch", target: "tmp/scratch", sizeBytes: 16 * 1024 * 1024 },
    { name: "cache", target: "cache", sizeBytes: 64 * 1024 * 1024 },
  ]);
  assert.deepEqual(config.volumes, []);
  assert.match(config.notices.map(renderConfigNotice).join("\n"), /\[\[volumes\]\] "host" of type bind \(only persist and tmpfs volumes are made\)/);
  assert.match(config.notices.map(renderConfigNotice).join("\n"), /\[\[volumes\]\] "host" mode/);
});

test("[[ports]] are read with their defaults; one limited to a source is named as not opened in the firewall", () => {
  const config = merge({ toml: '[[ports]]\nnumber = 1883\nname = "mqtt"\n[[ports]]\nnumber = 5683\nprotocol = "udp"\nsource = "10.0.0.0/8"\n' });
  assert.deepEqual(config.ports, [
    { number: 1883, protocol: "tcp", name: "mqtt", source: "any" },
    { number: 5683, protocol: "udp", name: null, source: "10.0.0.0/8" },
  ]);
  assert.match(config.notices.map(renderConfigNotice).join("\n"), /\[\[ports\]\] 5683\/udp source "10\.0\.0\.0\/8": Hop3's firewall opens a port to every address or to none, so it was not opened/);
  assert.doesNotMatch(config.notices.map(renderConfigNotice).join("\n"), /1883/);
});
