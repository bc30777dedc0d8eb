import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createSocket } from "node:dgram";
import { checkHostname, checkPath } from "./hostname-check.ts";

let server: Server;
let port: number;
let answer = "the-token";

before(async () => {
  server = createServer((request, response) => {
    if (request.url === checkPath && request.headers.host === "localhost") response.end(answer);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
after(() => server.close());

test("a hostname resolving to an address where this server's proxy answers the challenge path with its token is ok", async () => {
  answer = "the-token";
  const check = await checkHostname("localhost", { dnsServer: "", httpPort: port, token: "the-token" });
  assert.equal(check.outcome, "ok");
  assert.ok(check.addresses.includes("127.0.0.1"));
  assert.equal(check.resolver, "system");
});

test("an address answering something else is another server; one answering nothing is unreachable", async () => {
  answer = "someone-else";
  const elsewhere = await checkHostname("localhost", { dnsServer: "", httpPort: port, token: "the-token" });
  assert.deepEqual([elsewhere.outcome, elsewhere.error], ["elsewhere", "HTTP 200"]);
  const closed = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const unreachable = await checkHostname("localhost", { dnsServer: "", httpPort: closed, token: "the-token", timeoutMs: 1000 });
  assert.equal(unreachable.outcome, "unreachable");
  assert.equal(unreachable.error, "ECONNREFUSED");
});

test("a hostname the DNS server does not answer for is unresolved, naming the server asked and its error", async () => {
  // A UDP port nobody answers on: the resolver gives up (refused or timed out), nothing resolves.
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const dnsServer = `127.0.0.1:${socket.address().port}`;
  try {
    const check = await checkHostname("nowhere.test", { dnsServer, httpPort: port, token: "the-token", timeoutMs: 300 });
    assert.equal(check.outcome, "unresolved");
    assert.equal(check.resolver, dnsServer);
    assert.deepEqual(check.addresses, []);
    assert.match(check.error ?? "", /^E[A-Z]+$/);
  } finally {
    socket.close();
  }
});
