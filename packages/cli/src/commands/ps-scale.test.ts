import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "../run-cli.ts";
import { captureIo } from "../test-support/capture-io.ts";
import { sendJson, startFakeServer } from "../test-support/fake-server.ts";
import { parseScaleArgs } from "./ps-scale.ts";

test("reads TYPE=N words into process type -> count", () => {
  assert.deepEqual(parseScaleArgs(["web=3", "worker=0", "clock=1"]), { web: 3, worker: 0, clock: 1 });
});

test("refuses words that are not TYPE=N, naming the word", () => {
  for (const [word, message] of [
    ["web", /"web" is not TYPE=N/],
    ["web=", /"web=" is not TYPE=N/],
    ["=2", /"=2" is not TYPE=N/],
    ["web=-1", /"web=-1" is not TYPE=N/],
    ["web=1.5", /"web=1.5" is not TYPE=N/],
    ["web=two", /"web=two" is not TYPE=N/],
  ] as const) {
    assert.throws(() => parseScaleArgs([word]), (error: Error & { code?: string }) => error.code === "CLI_USAGE" && message.test(error.message), word);
  }
  assert.throws(() => parseScaleArgs(["web=1", "web=2"]), /process type "web" is given twice/);
});

test("ps:scale posts the counts and shows the instances; bad words send nothing (exit 2)", async (t) => {
  const server = await startFakeServer((_req, res) => {
    sendJson(res, 200, {
      app: "blog",
      instances: [1, 2].map((index) => ({ type: "web", index, state: "running", pid: 100 + index, port: 4000 + index, startedAt: new Date().toISOString(), uptimeSeconds: 1, restarts: 0, release: 3 })),
    });
  });
  t.after(server.close);
  const env = { HOP3_URL: server.url, HOP3_TOKEN: "t" };
  let capture = captureIo({ env });
  assert.equal(await runCli(["ps:scale", "blog", "web=2", "worker=0"], capture.io), 0, capture.stderr());
  assert.equal(server.requests[0]?.url, "/v1/apps/blog/processes/scale");
  assert.deepEqual(JSON.parse(server.requests[0]?.body.toString() ?? ""), { scale: { web: 2, worker: 0 } });
  assert.match(capture.stdout(), /^Scaled blog\./);
  assert.match(capture.stdout(), /web\.2/);

  capture = captureIo({ env });
  assert.equal(await runCli(["ps:scale", "blog", "web=2", "--json"], capture.io), 0);
  assert.equal((JSON.parse(capture.stdout()) as { instances: unknown[] }).instances.length, 2);

  capture = captureIo({ env });
  assert.equal(await runCli(["ps:scale", "blog", "web:2"], capture.io), 2);
  assert.match(capture.stderr(), /"web:2" is not TYPE=N/);
  assert.equal(server.requests.length, 2);
});
