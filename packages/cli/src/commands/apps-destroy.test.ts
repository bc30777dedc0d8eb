import assert from "node:assert/strict";
import { test } from "node:test";
import { Interrupted } from "../interrupted.ts";
import { runCli } from "../run-cli.ts";
import { captureIo } from "../test-support/capture-io.ts";
import { startFakeServer } from "../test-support/fake-server.ts";

async function destroyServer() {
  return startFakeServer((_req, res) => {
    res.writeHead(204).end();
  });
}

test("refuses to destroy without --yes when stdin is not a terminal", async (t) => {
  const server = await destroyServer();
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" }, stdinIsTTY: false });
  assert.equal(await runCli(["apps:destroy", "blog"], capture.io), 2);
  assert.match(capture.stderr(), /^error: Refusing to destroy blog without confirmation: stdin is not a terminal\.$/m);
  assert.match(capture.stderr(), /^hint: Pass --yes/m);
  assert.equal(server.requests.length, 0);
});

test("destroys after the user types the app's name at the prompt", async (t) => {
  const server = await destroyServer();
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" }, stdinIsTTY: true, answers: ["blog"] });
  assert.equal(await runCli(["apps:destroy", "blog"], capture.io), 0);
  assert.match(capture.prompts[0] ?? "", /Type the app's name to confirm/);
  assert.equal(capture.stdout(), "Destroyed blog.\n");
  assert.deepEqual(server.requests.map((req) => `${req.method} ${req.url}`), ["DELETE /v1/apps/blog"]);
});

test("keeps the app when the typed name does not match, or the prompt is abandoned", async (t) => {
  const server = await destroyServer();
  t.after(server.close);
  for (const answers of [["blgo"], []]) {
    const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" }, stdinIsTTY: true, answers });
    assert.notEqual(await runCli(["apps:destroy", "blog"], capture.io), 0);
    assert.match(capture.stderr(), /blog was not destroyed/);
  }
  assert.equal(server.requests.length, 0);
});

test("destroys without asking with --yes", async (t) => {
  const server = await destroyServer();
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" }, stdinIsTTY: true });
  assert.equal(await runCli(["apps:destroy", "blog", "--yes"], capture.io), 0);
  assert.deepEqual(capture.prompts, []);
  assert.equal(server.requests.length, 1);
});

test("stops with exit code 130 and no message on Ctrl-C at the prompt", async (t) => {
  const server = await destroyServer();
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" }, stdinIsTTY: true, answers: [new Interrupted()] });
  assert.equal(await runCli(["apps:destroy", "blog"], capture.io), 130);
  assert.equal(capture.stderr(), "");
  assert.equal(server.requests.length, 0);
});
