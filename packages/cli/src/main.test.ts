import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AppList, ProcessList, ServerStatus } from "@hop3/contract";
import { sendError, sendJson, startFakeServer } from "./test-support/fake-server.ts";
import { spawnCli } from "./test-support/spawn-cli.ts";
import { cliVersion } from "./version.ts";

const token = "s3cret-token-value";
const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "hop3-cli-"));
  roots.push(root);
  return root;
}

const appList: AppList = {
  apps: [
    { name: "blog", status: "running", url: "http://blog.example.test", release: 3, builder: "python", createdAt: "2026-01-01T00:00:00Z" },
    { name: "new-thing", status: "new", url: "http://new-thing.example.test", release: null, builder: null, createdAt: "2026-01-02T00:00:00Z" },
  ],
};

const processes: ProcessList = {
  app: "blog",
  instances: [
    { type: "web", index: 1, state: "running", pid: 4242, port: 5001, startedAt: "2026-01-01T00:00:00Z", uptimeSeconds: 192.4, restarts: 0, release: 3 },
    { type: "worker", index: 1, state: "backoff", pid: null, port: null, startedAt: null, uptimeSeconds: 0, restarts: 4, release: 3 },
  ],
};

const serverStatus: ServerStatus = { version: "0.1.0", uptimeSeconds: 7500, domain: "example.test", httpPort: 8080, apps: 2, instancesRunning: 1, proxy: { name: "caddy", running: true }, sandbox: { enabled: true, reason: null }, network: { isolated: true, reason: null } };

async function apiServer() {
  const server = await startFakeServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return sendError(res, 401, "AUTH_INVALID", "The token is not valid.", "Create one with `hop3-server setup`.");
    if (req.url === "/v1/apps") return sendJson(res, 200, appList);
    if (req.url === "/v1/apps/blog/processes") return sendJson(res, 200, processes);
    if (req.url === "/v1/status") return sendJson(res, 200, serverStatus);
    sendError(res, 404, "APP_NOT_FOUND", 'App "ghost" does not exist.', "Run `hop3 apps` to list the apps on this server.");
  });
  after(server.close);
  return server;
}

test("prints the apps as a table", async () => {
  const server = await apiServer();
  const result = await spawnCli(["apps"], { env: { HOP3_URL: server.url, HOP3_TOKEN: token } });
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.equal(
    result.stdout,
    ["NAME       STATUS   RELEASE  BUILDER  URL", "blog       running  v3       python   http://blog.example.test", "new-thing  new      -        -        http://new-thing.example.test", ""].join("\n"),
  );
});

test("prints the raw JSON document, and nothing else, with --json", async () => {
  const server = await apiServer();
  const result = await spawnCli(["apps", "--json"], { env: { HOP3_URL: server.url, HOP3_TOKEN: token } });
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `${JSON.stringify(appList, null, 2)}\n`);
  assert.deepEqual(JSON.parse(result.stdout), appList);
});

test("prints instances with human uptimes for ps", async () => {
  const server = await apiServer();
  const result = await spawnCli(["ps", "blog"], { env: { HOP3_URL: server.url, HOP3_TOKEN: token } });
  assert.equal(result.code, 0);
  assert.equal(
    result.stdout,
    [
      "TYPE.N    STATE    HOST PID  PORT  UPTIME  RESTARTS",
      "web.1     running  4242      5001  3m12s   0",
      "worker.1  backoff  -         -     -       4",
      "",
      "HOST PID is the process id on the server; inside its sandbox the app sees another (its own PID namespace's).",
      "",
    ].join("\n"),
  );
});

test("prints the server status", async () => {
  const server = await apiServer();
  const result = await spawnCli(["status"], { env: { HOP3_URL: server.url, HOP3_TOKEN: token } });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Version: +0\.1\.0$/m);
  assert.match(result.stdout, /^Uptime: +2h5m$/m);
  assert.match(result.stdout, /^Proxy: +caddy \(running\)$/m);
});

test("turns an error response into error: and hint: lines on stderr, with exit code 1", async () => {
  const server = await apiServer();
  const result = await spawnCli(["apps:info", "ghost"], { env: { HOP3_URL: server.url, HOP3_TOKEN: token } });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, 'error: App "ghost" does not exist.\nhint: Run `hop3 apps` to list the apps on this server.\n');
});

test("never prints the token, even when the server rejects it", async () => {
  const server = await apiServer();
  const wrong = "wrong-token-value";
  const result = await spawnCli(["status"], { env: { HOP3_URL: server.url, HOP3_TOKEN: wrong, HOP3_DEBUG: "1" } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: The token is not valid\.$/m);
  assert.ok(!result.stdout.includes(wrong) && !result.stderr.includes(wrong));
});

test("reports an unreachable server by its URL", async () => {
  const dir = await tempDir();
  const url = `unix://${join(dir, "hop3.sock")}`;
  const result = await spawnCli(["apps"], { env: { HOP3_URL: url, HOP3_TOKEN: token } });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `error: Cannot reach the Hop3 server at ${url}: no socket at that path.\nhint: Check HOP3_URL, or that \`hop3-server run\` is running.\n`);
});

test("logs in after checking the server, then later commands use the saved URL and token", async () => {
  const server = await apiServer();
  const configHome = await tempDir();
  const login = await spawnCli(["login", "--url", server.url, "--token", token], { env: { XDG_CONFIG_HOME: configHome } });
  assert.equal(login.stderr, "");
  assert.equal(login.code, 0);
  assert.ok(!login.stdout.includes(token));
  const path = join(configHome, "hop3", "config.json");
  assert.deepEqual(JSON.parse(await readFile(path, "utf8")), { url: server.url, token });
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal(server.requests.at(-1)?.url, "/v1/status");

  const apps = await spawnCli(["apps", "--json"], { env: { XDG_CONFIG_HOME: configHome } });
  assert.equal(apps.code, 0);
  assert.deepEqual(JSON.parse(apps.stdout), appList);
});

test("does not save a login the server rejects", async () => {
  const server = await apiServer();
  const configHome = await tempDir();
  const login = await spawnCli(["login", "--url", server.url, "--token", "nope"], { env: { XDG_CONFIG_HOME: configHome } });
  assert.equal(login.code, 1);
  assert.match(login.stderr, /^error: The token is not valid\.$/m);
  await assert.rejects(stat(join(configHome, "hop3", "config.json")), { code: "ENOENT" });
});

test("runs through the bin/hop3 launcher, also when called through a symlink", async () => {
  const launcher = fileURLToPath(new URL("../bin/hop3", import.meta.url));
  const link = join(await tempDir(), "hop3");
  await symlink(launcher, link);
  const { stdout } = await promisify(execFile)(link, ["--version"], { env: { PATH: process.env.PATH, HOP3_NODE: process.execPath } });
  assert.equal(stdout, `${cliVersion}\n`);
});
