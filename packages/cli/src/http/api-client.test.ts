import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { sendError, sendJson, startFakeServer } from "../test-support/fake-server.ts";
import { createApiClient } from "./api-client.ts";
import { parseServerUrl } from "./server-url.ts";

test("sends the token as a bearer header and returns the parsed JSON", async (t) => {
  const server = await startFakeServer((_req, res) => sendJson(res, 200, { apps: [] }));
  t.after(server.close);
  const body = await createApiClient(parseServerUrl(server.url), "tok-123").json("GET", "/v1/apps");
  assert.deepEqual(body, { apps: [] });
  assert.equal(server.requests[0]?.headers.authorization, "Bearer tok-123");
  assert.equal(server.requests[0]?.url, "/v1/apps");
});

test("posts a JSON body and resolves undefined for 204", async (t) => {
  const server = await startFakeServer((req, res) => {
    if (req.method === "DELETE") {
      res.writeHead(204).end();
      return;
    }
    sendJson(res, 201, JSON.parse(req.body.toString()));
  });
  t.after(server.close);
  const client = createApiClient(parseServerUrl(server.url), undefined);
  assert.deepEqual(await client.json("POST", "/v1/apps", { name: "blog" }), { name: "blog" });
  assert.equal(server.requests[0]?.headers["content-type"], "application/json");
  assert.equal(server.requests[0]?.headers.authorization, undefined);
  assert.equal(await client.json("DELETE", "/v1/apps/blog"), undefined);
});

test("talks to a server on a Unix socket", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "hop3-sock-"));
  const server = await startFakeServer((_req, res) => sendJson(res, 200, { version: "9.9.9" }), { socketPath: join(dir, "hop3.sock") });
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  assert.equal(server.url, `unix://${join(dir, "hop3.sock")}`);
  assert.deepEqual(await createApiClient(parseServerUrl(server.url), "t").json("GET", "/v1/status"), { version: "9.9.9" });
});

test("turns an error response into a Hop3Error with the server's code, message and hint", async (t) => {
  const server = await startFakeServer((_req, res) => sendError(res, 404, "APP_NOT_FOUND", 'App "nope" does not exist.', "Run `hop3 apps`."));
  t.after(server.close);
  await assert.rejects(createApiClient(parseServerUrl(server.url), "t").json("GET", "/v1/apps/nope"), (error: unknown) => {
    assert.ok(error instanceof Hop3Error);
    assert.deepEqual(error.toBody(), { code: "APP_NOT_FOUND", message: 'App "nope" does not exist.', hint: "Run `hop3 apps`." });
    return true;
  });
});

test("explains an error response that does not come from Hop3", async (t) => {
  const server = await startFakeServer((_req, res) => {
    res.writeHead(502, "Bad Gateway", { "content-type": "text/html" }).end("<h1>502</h1>");
  });
  t.after(server.close);
  await assert.rejects(createApiClient(parseServerUrl(server.url), "t").json("GET", "/v1/status"), /answered 502 Bad Gateway to GET \/v1\/status/);
});

test("reports SERVER_UNREACHABLE naming the URL when nothing listens", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hop3-sock-"));
  try {
    const url = `unix://${join(dir, "missing.sock")}`;
    await assert.rejects(createApiClient(parseServerUrl(url), "t").json("GET", "/v1/status"), (error: unknown) => {
      return error instanceof Hop3Error && error.code === "SERVER_UNREACHABLE" && error.message.includes(url);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("streams an upload and hands back the response to read as it arrives", async (t) => {
  const server = await startFakeServer((req, res) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.end(`${JSON.stringify({ received: req.body.length, chunked: req.headers["transfer-encoding"] })}\n`);
  });
  t.after(server.close);
  const body = Readable.from([Buffer.alloc(1000), Buffer.alloc(24)]);
  const response = await createApiClient(parseServerUrl(server.url), "t").upload("/v1/apps/blog/deploys", body, "application/gzip");
  assert.deepEqual(JSON.parse(await text(response)), { received: 1024, chunked: "chunked" });
  assert.equal(server.requests[0]?.headers["content-type"], "application/gzip");
});

test("rejects an upload the server refuses with its error", async (t) => {
  const server = await startFakeServer((_req, res) => sendError(res, 409, "DEPLOY_IN_PROGRESS", "blog is being deployed.", "Wait."));
  t.after(server.close);
  const upload = createApiClient(parseServerUrl(server.url), "t").upload("/v1/apps/blog/deploys", Readable.from([Buffer.from("x")]), "application/gzip");
  await assert.rejects(upload, (error: unknown) => error instanceof Hop3Error && error.code === "DEPLOY_IN_PROGRESS");
});
