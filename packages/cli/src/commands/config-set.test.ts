import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "../run-cli.ts";
import { captureIo } from "../test-support/capture-io.ts";
import { sendJson, startFakeServer } from "../test-support/fake-server.ts";

async function configServer() {
  return startFakeServer((req, res) => {
    const body = JSON.parse(req.body.toString()) as { set?: Record<string, string>; unset?: string[] };
    sendJson(res, 200, { app: "blog", set: Object.keys(body.set ?? {}), unset: body.unset ?? [], restarted: false, reason: "not asked to restart" });
  });
}

test("sends each KEY=VALUE raw, splitting at the first =, and decodes --encoded values", async (t) => {
  const server = await configServer();
  t.after(server.close);
  const env = { HOP3_URL: server.url, HOP3_TOKEN: "t" };
  let capture = captureIo({ env });
  assert.equal(await runCli(["config:set", "blog", "--no-restart", "A=x=y z", "B=", "C=$HOME & *"], capture.io), 0);
  assert.deepEqual(JSON.parse(server.requests[0]?.body.toString() ?? ""), { set: { A: "x=y z", B: "", C: "$HOME & *" }, restart: false });
  assert.match(capture.stdout(), /set A, B, C; not restarted/);

  capture = captureIo({ env });
  assert.equal(await runCli(["config:set", "blog", "--encoded", `N=${Buffer.from("one\ntwo").toString("base64")}`], capture.io), 0);
  assert.deepEqual(JSON.parse(server.requests[1]?.body.toString() ?? ""), { set: { N: "one\ntwo" }, restart: true });
});

test("refuses words without = and values that are not base64 with --encoded, sending nothing", async (t) => {
  const server = await configServer();
  t.after(server.close);
  const env = { HOP3_URL: server.url, HOP3_TOKEN: "t" };
  for (const [argv, message] of [
    [["config:set", "blog", "NOVALUE"], /"NOVALUE" is not KEY=VALUE/],
    [["config:set", "blog", "=x"], /"=x" is not KEY=VALUE/],
    [["config:set", "blog", "--encoded", "A=not base64!"], /the value of A is not base64/],
    [["config:set", "blog"], /missing argument KEY=VALUE/],
  ] as const) {
    const capture = captureIo({ env });
    assert.equal(await runCli(argv, capture.io), 2);
    assert.match(capture.stderr(), message);
  }
  assert.equal(server.requests.length, 0);
});

test("--stdin reads one KEY=VALUE a line, skipping blank lines, and names a bad line without showing it", async (t) => {
  const server = await configServer();
  t.after(server.close);
  const env = { HOP3_URL: server.url, HOP3_TOKEN: "t" };
  let capture = captureIo({ env, stdin: "A=x=y z\r\n\nB=\n" });
  assert.equal(await runCli(["config:set", "blog", "--stdin", "--no-restart"], capture.io), 0);
  assert.deepEqual(JSON.parse(server.requests[0]?.body.toString() ?? ""), { set: { A: "x=y z", B: "" }, restart: false });

  for (const [argv, stdin, message] of [
    [["config:set", "blog", "--stdin"], "A=1\nsecret-without-key\n", /line 2 of stdin is not KEY=VALUE/],
    [["config:set", "blog", "--stdin"], "\n", /missing argument KEY=VALUE \(stdin had none\)/],
    [["config:set", "blog", "--stdin", "A=1"], "", /with --stdin, give every KEY=VALUE on stdin/],
  ] as const) {
    capture = captureIo({ env, stdin });
    assert.equal(await runCli(argv, capture.io), 2);
    assert.match(capture.stderr(), message);
    assert.doesNotMatch(capture.stderr(), /secret-without-key/);
  }
  assert.equal(server.requests.length, 1);
});

test("config:unset sends every key named", async (t) => {
  const server = await configServer();
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" } });
  assert.equal(await runCli(["config:unset", "blog", "A", "B", "--no-restart"], capture.io), 0);
  assert.deepEqual(JSON.parse(server.requests[0]?.body.toString() ?? ""), { unset: ["A", "B"], restart: false });
  assert.match(capture.stdout(), /unset A, B; not restarted/);
});
