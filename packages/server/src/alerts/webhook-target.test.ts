import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { postWebhook } from "./webhook-channel.ts";
import { webhookUrlProblem } from "./webhook-target.ts";

test("webhook URLs: http and https only; the metadata service and link-local addresses never", () => {
  for (const good of ["https://hooks.example.org/hop3", "http://127.0.0.1:9000/x", "http://192.168.1.20/hook", "http://10.0.0.5/", "http://[::1]:8080/"]) assert.equal(webhookUrlProblem(good), null, good);
  for (const bad of ["ftp://example.org/", "file:///etc/passwd", "not a url", "http://169.254.169.254/latest/meta-data/", "http://169.254.1.1/", "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/", "http://0.0.0.0:80/", "http://224.0.0.1/"])
    assert.notEqual(webhookUrlProblem(bad), null, bad);
});

test("a webhook whose name resolves to a refused address is not posted to", async () => {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const notice = { key: "k", rule: "test", app: null, state: "firing" as const, summary: "s", firedAt: "t", resolvedAt: null, server: "x" };
  assert.equal(await postWebhook(`http://localhost:${port}/ok`, "s", notice), "", "a name resolving to loopback is allowed");
  assert.match(await postWebhook("http://169.254.169.254/latest", "s", notice), /refused/);
  // The metadata address written as IPv4-mapped IPv6 hex is the same address.
  assert.match(await postWebhook("http://[::ffff:a9fe:a9fe]/latest", "s", notice), /refused/);
  server.close();
  assert.equal(hits, 1);
});
