import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import type { AppRoute } from "../../core/route.ts";
import { renderCaddyConfig } from "./render.ts";

const adminSocket = "/var/lib/hop3/caddy/admin.sock";
const httpPort = 8080;

const web: AppRoute = { app: "web", hosts: ["web.example.com"], target: { kind: "upstreams", addresses: ["127.0.0.1:5001"] } };
const api: AppRoute = {
  app: "api",
  hosts: ["api.example.com", "www.api.example.com"],
  target: { kind: "upstreams", addresses: ["127.0.0.1:5002", "127.0.0.1:5003"] },
};
const docs: AppRoute = { app: "docs", hosts: ["docs.example.com"], target: { kind: "upstreams", addresses: ["127.0.0.1:5005"] } };
const down: AppRoute = { app: "down", hosts: ["down.example.com"], target: { kind: "unavailable" } };
const stopped: AppRoute = { app: "paused", hosts: ["paused.example.com"], target: { kind: "stopped" } };

const cases: Record<string, readonly AppRoute[]> = {
  "no-apps": [],
  "one-upstream": [web],
  "two-upstreams": [api],
  unavailable: [down],
  stopped: [stopped],
  mix: [web, down, docs, api],
};

// Golden files hold the exact JSON; run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
async function assertGolden(name: string, actual: unknown): Promise<void> {
  const file = new URL(`./golden/${name}.json`, import.meta.url);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env["UPDATE_GOLDEN"] === "1") await writeFile(file, text);
  assert.equal(text, await readFile(file, "utf8"));
}

for (const [name, routes] of Object.entries(cases)) {
  void test(`renders the config for ${name.replaceAll("-", " ")} like golden/${name}.json`, async () => {
    await assertGolden(name, renderCaddyConfig({ routes, httpPort, adminSocket }));
  });
}

void test("renders the same config whatever the order of the routes and their hosts", () => {
  const shuffled = [api, docs, { ...down, hosts: [...down.hosts] }, web].reverse();
  const reversedHosts = shuffled.map((route) => ({ ...route, hosts: [...route.hosts].reverse() }));
  assert.deepEqual(
    renderCaddyConfig({ routes: reversedHosts, httpPort, adminSocket }),
    renderCaddyConfig({ routes: cases["mix"] ?? [], httpPort, adminSocket }),
  );
});

void test("listens for the admin API on the Unix socket only, without persisting config", () => {
  const config = renderCaddyConfig({ routes: [], httpPort, adminSocket });
  assert.equal(config.admin.listen, `unix/${adminSocket}`);
  assert.equal(config.admin.config.persist, false);
});

void test("leaves out an app with no hostname instead of matching every host", () => {
  const config = renderCaddyConfig({ routes: [{ ...web, hosts: [] }], httpPort, adminSocket });
  assert.equal(config.apps.http.servers.hop3.routes.length, 1);
  assert.equal(config.apps.http.servers.hop3.errors.routes.length, 0);
});

void test("keeps braces in page text literal so Caddy does not expand them as placeholders", () => {
  const config = renderCaddyConfig({ routes: [{ ...down, app: "x{env.HOME}" }], httpPort, adminSocket });
  const body = JSON.stringify(config.apps.http.servers.hop3.routes[0]);
  assert.match(body, /x\\\\\{env\.HOME\\\\\}/);
});

void test("renders an app with no upstream address like an unavailable app", () => {
  const config = renderCaddyConfig({ routes: [{ ...web, target: { kind: "upstreams", addresses: [] } }], httpPort, adminSocket });
  const unavailable = renderCaddyConfig({ routes: [{ ...web, target: { kind: "unavailable" } }], httpPort, adminSocket });
  assert.deepEqual(config, unavailable);
});

void test("answers an app never deployed with a 404 page saying so, not the 502 of an app that is down", () => {
  const config = renderCaddyConfig({ routes: [{ ...web, target: { kind: "undeployed" } }], httpPort, adminSocket });
  const body = JSON.stringify(config.apps.http.servers.hop3.routes[0]);
  assert.match(body, /"status_code":404/);
  assert.match(body, /web has no release yet/);
  assert.doesNotMatch(body, /try again/);
});

void test("reads no file of any app: every app route only forwards or answers a page of its own", () => {
  const config = renderCaddyConfig({ routes: [...(cases["mix"] ?? []), stopped], httpPort, adminSocket });
  const handlers = JSON.stringify(config).match(/"handler":"[a-z_]+"/g) ?? [];
  assert.deepEqual([...new Set(handlers)].sort(), ['"handler":"reverse_proxy"', '"handler":"static_response"']);
});

test("with an access log, each app's hosts log to a logger named after the app, without the request's details", () => {
  const config = renderCaddyConfig({ routes: [web, api], httpPort, adminSocket, accessLog: "/var/lib/hop3/proxy/caddy/access.log" });
  const server = config.apps.http.servers.hop3;
  assert.deepEqual(server.logs, { logger_names: { "api.example.com": "api", "www.api.example.com": "api", "web.example.com": "web" }, skip_unmapped_hosts: true });
  assert.deepEqual(config.logging.logs.default.exclude, ["http.log.access"], "access lines stay out of Caddy's own log");
  const access = config.logging.logs.hop3access as { include: string[]; writer: { filename: string; roll: boolean }; encoder: { fields: Record<string, unknown> } };
  assert.deepEqual(access.include, ["http.log.access"]);
  assert.deepEqual(access.writer, { output: "file", filename: "/var/lib/hop3/proxy/caddy/access.log", roll: false });
  assert.deepEqual(Object.keys(access.encoder.fields).sort(), ["common_log", "request", "resp_headers", "user_id"], "no URL, header or client address is written");
  assert.equal(renderCaddyConfig({ routes: [web], httpPort, adminSocket }).apps.http.servers.hop3.logs, undefined, "none without");
});
