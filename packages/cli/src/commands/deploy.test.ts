import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, test } from "node:test";
import type { DeployEvent } from "@hop3/contract";
import { sendError, startFakeServer, type RecordedRequest } from "../test-support/fake-server.ts";
import { spawnCli, startCli } from "../test-support/spawn-cli.ts";
import { untar } from "../test-support/untar.ts";

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function appDir(name: string, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "hop3-deploy-"));
  roots.push(root);
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Streams events as NDJSON in awkward pieces: lines cut in the middle, with pauses. */
async function streamEvents(res: ServerResponse, events: readonly DeployEvent[], options: { end?: boolean } = {}) {
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  const text = events.map((event) => `${JSON.stringify(event)}\n`).join("");
  for (let at = 0; at < text.length; at += 37) {
    res.write(text.slice(at, at + 37));
    await sleep(2);
  }
  if (options.end !== false) res.end();
  else res.destroy();
}

async function deployServer(respond: (req: RecordedRequest, res: ServerResponse) => Promise<void>) {
  const server = await startFakeServer(respond);
  after(server.close);
  return server;
}

const env = (url: string) => ({ HOP3_URL: url, HOP3_TOKEN: "t0ken" });

test("uploads the directory and renders the deploy events as they arrive", async () => {
  const dir = await appDir("blog", { "app.py": "print('hi')\n", "Procfile": "web: python app.py\n", ".gitignore": "*.pyc\n", "cache.pyc": "x" });
  const server = await deployServer((_req, res) =>
    streamEvents(res, [
      { type: "received", app: "blog", release: 1, files: 3, bytes: 2048 },
      { type: "build-started", builder: "python" },
      { type: "log", source: "build", stream: "stdout", line: "Installing dependencies" },
      { type: "config-notice", notice: { code: "not-supported-yet", at: "hop3.toml [build] test" } },
      { type: "succeeded", app: "blog", release: 1, url: "http://blog.example.test", seconds: 4.26 },
    ]),
  );
  const result = await spawnCli(["deploy"], { cwd: dir, env: env(server.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    ["-----> Received 3 files (2 KiB) for blog, release 1", "-----> Building with the python builder", "       Installing dependencies", "=====> blog is live at http://blog.example.test (4.3s)", ""].join("\n"),
  );
  assert.equal(result.stderr, "-----> Uploading 3 files (37 B)\nwarning: hop3.toml [build] test is not supported yet and was ignored\n");

  const request = server.requests[0];
  assert.equal(`${request?.method} ${request?.url}`, "POST /v1/apps/blog/deploys?create=true");
  assert.equal(request?.headers["content-type"], "application/gzip");
  assert.equal(request?.headers.authorization, "Bearer t0ken");
  const entries = await untar(request?.body ?? Buffer.alloc(0));
  assert.deepEqual([...entries.keys()].sort(), [".gitignore", "Procfile", "app.py"]);
  assert.equal(entries.get("app.py"), "print('hi')\n");
});

test("renders a failed deploy as error: and hint:, after the events before it, with exit code 1", async () => {
  const dir = await appDir("api", { "main.go": "package main\n" });
  const server = await deployServer((_req, res) =>
    streamEvents(res, [
      { type: "build-started", builder: "go" },
      { type: "log", source: "build", stream: "stderr", line: "main.go:1: undefined: x" },
      { type: "failed", error: { code: "BUILD_FAILED", message: "The build of api failed (exit code 1).", hint: "Read the build output above; the previous release keeps serving." } },
    ]),
  );
  const result = await spawnCli(["deploy", dir, "--app", "api-v2"], { env: env(server.url) });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "-----> Building with the go builder\n       main.go:1: undefined: x\n");
  assert.equal(
    result.stderr,
    "-----> Uploading 1 file (13 B)\nerror: The build of api failed (exit code 1).\nhint: Read the build output above; the previous release keeps serving.\n",
  );
  assert.equal(server.requests[0]?.url, "/v1/apps/api-v2/deploys?create=true");
});

test("fails when the stream ends without a terminal event", async () => {
  const dir = await appDir("site", { "index.html": "<h1>hi</h1>\n" });
  const server = await deployServer((_req, res) => streamEvents(res, [{ type: "build-started", builder: "static" }], { end: false }));
  const result = await spawnCli(["deploy"], { cwd: dir, env: env(server.url) });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: The server closed the connection before the deploy finished\.$/m);
  assert.match(result.stderr, /^hint: Run `hop3 apps:info site`/m);
});

test("shows an error response sent before the stream as error: and hint:", async () => {
  const dir = await appDir("blog", { "app.py": "1" });
  const server = await deployServer(async (_req, res) => sendError(res, 409, "DEPLOY_IN_PROGRESS", "blog is already being deployed.", "Wait for it to finish."));
  const result = await spawnCli(["deploy"], { cwd: dir, env: env(server.url) });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, "-----> Uploading 1 file (1 B)\nerror: blog is already being deployed.\nhint: Wait for it to finish.\n");
});

test("names the app from [metadata] id in hop3.toml when --app is not given", async () => {
  const dir = await appDir("checkout-dir", { "hop3.toml": '[metadata]\nid = "shop"\n', "index.html": "x" });
  const server = await deployServer((_req, res) => streamEvents(res, [{ type: "succeeded", app: "shop", release: 2, url: null, seconds: 1 }]));
  const result = await spawnCli(["deploy", dir], { env: env(server.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(server.requests[0]?.url, "/v1/apps/shop/deploys?create=true");
  assert.equal(result.stdout, "=====> shop is deployed, release v2 (1s)\n");
});

test("[cli] app in hop3.toml (the original Hop3's client setting) wins over [metadata] id", async () => {
  const dir = await appDir("checkout-dir", { "hop3.toml": '[metadata]\nid = "shop"\n[cli]\napp = "shop-staging"\n', "index.html": "x" });
  const server = await deployServer((_req, res) => streamEvents(res, [{ type: "succeeded", app: "shop-staging", release: 1, url: null, seconds: 1 }]));
  const result = await spawnCli(["deploy", dir], { env: env(server.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(server.requests[0]?.url, "/v1/apps/shop-staging/deploys?create=true");
});

test("falls back to the directory's name when hop3.toml does not parse, leaving the error to the server", async () => {
  const dir = await appDir("notes", { "hop3.toml": "[metadata\nid = ", "index.html": "x" });
  const server = await deployServer((_req, res) => streamEvents(res, [{ type: "succeeded", app: "notes", release: 1, url: "http://notes.test", seconds: 1 }]));
  const result = await spawnCli(["deploy", dir], { env: env(server.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(server.requests[0]?.url, "/v1/apps/notes/deploys?create=true");
});

test("rejects an invalid app name before uploading anything", async () => {
  const dir = await appDir("My_Project", { "index.html": "x" });
  const server = await deployServer(async (_req, res) => sendError(res, 500, "INTERNAL", "should not be called", ""));
  const result = await spawnCli(["deploy"], { cwd: dir, env: env(server.url) });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: App name "My_Project" is not valid\.$/m);
  assert.match(result.stderr, /^hint: .*The name comes from the directory's name; pass --app NAME to choose another\.$/m);
  assert.equal(server.requests.length, 0);
});

test("refuses a DIR that is not a directory as a usage error", async () => {
  const result = await spawnCli(["deploy", "/nonexistent/hop3-app"], { env: { HOP3_URL: "http://127.0.0.1:9", HOP3_TOKEN: "t" } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: \/nonexistent\/hop3-app is not a directory\.$/m);
});

test("exits with status 130 on Ctrl-C while following a deploy", async () => {
  const dir = await appDir("slow", { "index.html": "x" });
  const server = await deployServer(async (_req, res) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.write(`${JSON.stringify({ type: "build-started", builder: "forever" })}\n`);
  });
  const cli = startCli(["deploy"], { cwd: dir, env: env(server.url) });
  while (!cli.output.stdout.includes("Building with the forever builder")) await sleep(10);
  cli.child.kill("SIGINT");
  assert.equal((await cli.result).code, 130);
});

test("with --json prints every event as a line of JSON, the failure included, and no text on stdout", async () => {
  const dir = await appDir("gateway", { "main.go": "package main\n" });
  const events: DeployEvent[] = [
    { type: "build-started", builder: "go" },
    { type: "log", source: "build", stream: "stderr", line: "main.go:1: undefined: x" },
    { type: "failed", error: { code: "BUILD_FAILED", message: "The build of api failed (exit code 1).", hint: "Read the build output above; the previous release keeps serving." } },
  ];
  const server = await deployServer((_req, res) => streamEvents(res, events));
  const result = await spawnCli(["deploy", dir, "--json"], { env: env(server.url) });
  assert.equal(result.code, 1);
  const lines = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as unknown);
  assert.deepEqual(lines, [{ type: "upload", files: 1, bytes: 13 }, ...events]);
  assert.match(result.stderr, /^error: The build of api failed \(exit code 1\)\.$/m);
});

test("with --json ends with the succeeded event as the last line", async () => {
  const dir = await appDir("blog", { "index.html": "x" });
  const succeeded: DeployEvent = { type: "succeeded", app: "blog", release: 4, url: "http://blog.test", seconds: 2.5 };
  const server = await deployServer((_req, res) => streamEvents(res, [{ type: "builder", builder: "static", chosenBy: "detection" }, succeeded]));
  const result = await spawnCli(["deploy", dir, "--json"], { env: env(server.url) });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as unknown);
  assert.deepEqual(lines.slice(1), [{ type: "builder", builder: "static", chosenBy: "detection" }, succeeded]);
  assert.equal(result.stderr, "");
});
