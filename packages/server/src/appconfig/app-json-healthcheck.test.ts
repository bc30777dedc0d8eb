import { renderConfigNotice } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appJsonHealthcheck } from "./app-json-healthcheck.ts";
import { parseAppJson } from "./app-json.ts";

const read = (healthchecks: unknown) => appJsonHealthcheck("app.json", parseAppJson(JSON.stringify({ healthchecks })).healthchecks);

test("maps a startup check with Dokku's defaults: 3 attempts of 5 s, 5 s apart, no initial delay", () => {
  assert.deepEqual(read({ web: [{ type: "startup", path: "/ready" }] }), {
    healthcheck: { path: "/ready", expectStatus: null, content: null, timeoutMs: 5000, attempts: 3, waitMs: 0, intervalMs: 5000, source: "app.json healthchecks.web[0]" },
    notices: [],
  });
});

test("reads wait as the pause between attempts and initialDelay as the pause before the first", () => {
  const { healthcheck } = read({ web: [{ path: "/", content: "Welcome", attempts: 6, timeout: 0.5, wait: 2, initialDelay: 10 }] });
  assert.deepEqual(healthcheck, { path: "/", expectStatus: null, content: "Welcome", timeoutMs: 500, attempts: 6, waitMs: 10_000, intervalMs: 2000, source: "app.json healthchecks.web[0]" });
  assert.equal(read({ web: [{ path: "/", wait: 0 }] }).healthcheck?.intervalMs, 0);
});

test("uses the first startup or untyped check and warns about the others", () => {
  const { healthcheck, notices } = read({
    web: [
      { type: "liveness", path: "/live" },
      { type: "startup", path: "/noisy", warn: true },
      { path: "/ready" },
      { type: "startup", path: "/deep" },
      { type: "readiness", path: "/ready2" },
    ],
    worker: [{ uptime: 10 }],
  });
  assert.equal(healthcheck?.path, "/ready");
  assert.equal(healthcheck?.source, "app.json healthchecks.web[2]");
  assert.deepEqual(notices.map(renderConfigNotice), [
    'app.json "healthchecks.worker" was ignored: only the web process is health-checked',
    'app.json "healthchecks.web[0]" was ignored: liveness checks are not supported yet (Hop3 checks a release once, as it starts)',
    'app.json "healthchecks.web[1]" was ignored: checks that only warn are not supported yet',
    'app.json "healthchecks.web[3]" was ignored: Hop3 runs one startup check, "healthchecks.web[2]"',
    'app.json "healthchecks.web[4]" was ignored: readiness checks are not supported yet (Hop3 checks a release once, as it starts)',
  ]);
});

test("has no health check when no web check is a startup check", () => {
  assert.equal(read({ web: [{ type: "liveness", path: "/" }] }).healthcheck, null);
  assert.equal(read({}).healthcheck, null);
});

test("turns listening, command and uptime checks into a connection check, warning about the last two", () => {
  assert.deepEqual(read({ web: [{ listening: true, port: 3000 }] }).healthcheck?.path, null);
  assert.deepEqual(read({ web: [{ listening: true }] }).notices.map(renderConfigNotice), []);
  const command = read({ web: [{ command: ["./check"], attempts: 2 }] });
  assert.equal(command.healthcheck?.path, null);
  assert.equal(command.healthcheck?.attempts, 2);
  assert.deepEqual(command.notices.map(renderConfigNotice), ['app.json "healthchecks.web[0].command" was ignored: command checks are not supported yet; Hop3 checks that the web process accepts connections instead']);
  assert.deepEqual(read({ web: [{ uptime: 10 }] }).notices.map(renderConfigNotice), ['app.json "healthchecks.web[0].uptime" was ignored: uptime checks are not supported yet; Hop3 checks that the web process accepts connections instead']);
});

test("warns about Dokku settings of the check it does not act on", () => {
  const warnings = read({ web: [{ path: "/", port: 5000, scheme: "https", httpHeaders: [{ name: "Host", value: "x" }], onFailure: { url: "https://hook.test" } }] }).notices.map(renderConfigNotice);
  assert.deepEqual(warnings, [
    'app.json "healthchecks.web[0].port" was ignored: Hop3 checks the port it gives the web process',
    'app.json "healthchecks.web[0].scheme" was ignored: Hop3 checks over plain HTTP',
    'app.json "healthchecks.web[0].httpHeaders" was ignored: not supported yet',
    'app.json "healthchecks.web[0].onFailure" was ignored: not supported yet',
  ]);
});
