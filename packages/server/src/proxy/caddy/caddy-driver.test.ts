import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { AppRoute } from "../../core/route.ts";
import { CaddyDriver } from "./caddy-driver.ts";

// Real Caddy on a free loopback port, real upstreams, requests with explicit Host headers.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function upstream(name: string): Promise<{ server: Server; address: string }> {
  const server = createServer((req, res) => res.end(`${name} saw ${req.headers.host} ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Answer {
  readonly status: number;
  readonly type: string | undefined;
  readonly body: string;
}

let httpPort = 0;

/**
 * One GET on a fresh connection. Caddy swaps its servers on each config load, and a connection
 * the old server accepted while closing is reset: that one is retried (at most twice), any
 * other failure is the test's.
 */
async function get(host: string, path = "/"): Promise<Answer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await getOnce(host, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ECONNRESET" || attempt === 3) throw error;
    }
  }
}

function getOnce(host: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: httpPort, path, headers: { Host: host }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject).end();
  });
}

let dir = "";
let driver: CaddyDriver;
let one: Awaited<ReturnType<typeof upstream>>;
let two: Awaited<ReturnType<typeof upstream>>;
let routes: AppRoute[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "hop3-caddy-"));
  [httpPort, one, two] = await Promise.all([freePort(), upstream("one"), upstream("two")]);
  const deadPort = await freePort();
  routes = [
    { app: "web", hosts: ["web.test", "www.web.test"], target: { kind: "upstreams", addresses: [one.address] } },
    { app: "pair", hosts: ["pair.test"], target: { kind: "upstreams", addresses: [one.address, two.address] } },
    { app: "site", hosts: ["site.test"], target: { kind: "upstreams", addresses: [two.address] } },
    { app: "paused", hosts: ["paused.test"], target: { kind: "unavailable" } },
    { app: "half", hosts: ["half.test"], target: { kind: "upstreams", addresses: [`127.0.0.1:${deadPort}`, one.address] } },
    { app: "crashed", hosts: ["crashed.test"], target: { kind: "upstreams", addresses: [`127.0.0.1:${deadPort}`] } },
  ];
  driver = new CaddyDriver({ stateDir: join(dir, "caddy"), httpPort, caddyBinary: "/usr/bin/caddy" });
  await driver.start();
});

after(async () => {
  await driver.stop();
  one.server.close();
  two.server.close();
  await rm(dir, { recursive: true, force: true });
});

void test("serves the 404 page for every host before any routes are applied", async () => {
  assert.equal(driver.isRunning(), true);
  const answer = await get("web.test");
  assert.equal(answer.status, 404);
  assert.match(answer.body, /<title>No app at web\.test<\/title>/);
});

void test("proxies each of an app's hosts to its upstream, keeping the Host header", async () => {
  await driver.apply(routes);
  const answer = await get("web.test", "/hello?x=1");
  assert.equal(answer.status, 200);
  assert.equal(answer.body, "one saw web.test /hello?x=1");
  assert.equal((await get("www.web.test")).body, "one saw www.web.test /");
});

void test("spreads requests over an app's upstreams in turn", async () => {
  const bodies = new Set<string>();
  for (let i = 0; i < 4; i++) bodies.add((await get("pair.test")).body.split(" ")[0] ?? "");
  assert.deepEqual([...bodies].sort(), ["one", "two"]);
});

void test("keeps answering through the live upstream when another of the app's upstreams is down", async () => {
  for (let i = 0; i < 4; i++) assert.equal((await get("half.test")).status, 200);
});

void test("answers an unknown host with a 404 HTML page naming the host", async () => {
  const answer = await get("nothing-here.test:8080");
  assert.equal(answer.status, 404);
  assert.equal(answer.type, "text/html; charset=utf-8");
  assert.match(answer.body, /<h1>No app at nothing-here\.test<\/h1>/);
});

void test("answers 502 with a page naming an app marked unavailable", async () => {
  const answer = await get("paused.test", "/anything");
  assert.equal(answer.status, 502);
  assert.match(answer.body, /<h1>paused is not running<\/h1>/);
});

void test("answers 502 with a page naming the app when its upstream is not listening", async () => {
  const answer = await get("crashed.test");
  assert.equal(answer.status, 502);
  assert.equal(answer.type, "text/html; charset=utf-8");
  assert.match(answer.body, /<h1>crashed is not running<\/h1>/);
});

void test("loads only the last of overlapping applies, and resolves them all once it is live", async () => {
  const only = (app: string) => routes.filter((route) => route.app === app);
  await Promise.all([driver.apply(only("web")), driver.apply(only("pair")), driver.apply(only("site"))]);
  assert.equal((await get("site.test")).status, 200);
  assert.equal((await get("web.test")).status, 404);
  assert.equal((await get("pair.test")).status, 404);
});

void test("forgets an app dropped from the table: its host gets the 404 page", async () => {
  await driver.apply(routes);
  assert.equal((await get("web.test")).status, 200);
  await driver.apply(routes.filter((route) => route.app !== "web"));
  const answer = await get("web.test");
  assert.equal(answer.status, 404);
  assert.match(answer.body, /No app at web\.test/);
});

void test("stops Caddy, after which it reports not running and refuses to apply", async () => {
  await driver.stop();
  assert.equal(driver.isRunning(), false);
  await assert.rejects(driver.apply(routes), /Caddy is not running/);
});
