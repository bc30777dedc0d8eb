import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { runHealthCheck, type HealthCheckSpec } from "./health-check.ts";
import { findFreePort } from "./free-port.ts";

let server: Server;
let port: number;
before(async () => {
  server = createServer((req, res) => {
    if (req.url === "/ok") return res.end("all good");
    if (req.url === "/slow") return setTimeout(() => res.end("late"), 500);
    res.statusCode = 500;
    res.end("broken");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

const spec = (overrides: Partial<HealthCheckSpec>): HealthCheckSpec => ({ path: "/ok", expectStatus: null, content: null, timeoutMs: 1000, attempts: 2, waitMs: 0, intervalMs: 10, source: "test", ...overrides });
const options = { startTimeoutMs: 1000, stillTrying: () => true };

test("passes when the path answers 2xx with the expected content", async () => {
  assert.equal((await runHealthCheck(port, spec({ content: "good" }), options)).ok, true);
});

test("fails naming the status when the path answers 500", async () => {
  const result = await runHealthCheck(port, spec({ path: "/fail" }), options);
  assert.equal(result.ok, false);
  assert.match(result.detail, /GET \/fail answered 500 \(expected 2xx or 3xx\)/);
});

test("fails when the body lacks the expected content", async () => {
  const result = await runHealthCheck(port, spec({ content: "missing words" }), options);
  assert.match(result.detail, /does not contain "missing words"/);
});

test("fails when an attempt times out", async () => {
  const result = await runHealthCheck(port, spec({ path: "/slow", timeoutMs: 100, attempts: 1 }), options);
  assert.match(result.detail, /no answer within 0.1s/);
});

test("without a path, only checks that the port accepts connections", async () => {
  assert.equal((await runHealthCheck(port, null, options)).ok, true);
  const closed = await findFreePort();
  const result = await runHealthCheck(closed, null, { startTimeoutMs: 300, stillTrying: () => true });
  assert.match(result.detail, /nothing accepted connections on port \d+ within 0.3s/);
});
