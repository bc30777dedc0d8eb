import { renderConfigNotice } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHop3Toml } from "./hop3-toml.ts";
import { tomlHealthcheck } from "./toml-healthcheck.ts";

const read = (toml: string) => tomlHealthcheck("hop3.toml", parseHop3Toml(`[metadata]\nid = "app"\n${toml}`));

test("has no health check when hop3.toml configures none", () => {
  assert.deepEqual(read('[run]\nstart = "w"'), { healthcheck: null, notices: [] });
});

test("maps [healthcheck] with Dokku's defaults for what it leaves out", () => {
  assert.deepEqual(read('[healthcheck]\npath = "/health/"'), {
    healthcheck: { path: "/health/", expectStatus: null, content: null, timeoutMs: 5000, attempts: 3, waitMs: 0, intervalMs: 5000, source: "hop3.toml [healthcheck]" },
    notices: [],
  });
});

test("reads durations as seconds or strings and retries as attempts after the first", () => {
  const { healthcheck } = read('[healthcheck]\npath = "/up"\ncontains = "ok"\ninterval = "500ms"\ntimeout = 2\nretries = 4');
  assert.deepEqual(
    { content: healthcheck?.content, intervalMs: healthcheck?.intervalMs, timeoutMs: healthcheck?.timeoutMs, attempts: healthcheck?.attempts },
    { content: "ok", intervalMs: 500, timeoutMs: 2000, attempts: 5 },
  );
  assert.equal(read('[healthcheck]\nretries = 0').healthcheck?.attempts, 1);
});

test("checks only that the port accepts connections when [healthcheck] has no path", () => {
  const { healthcheck, notices } = read('[healthcheck]\ntimeout = "1s"\ncontains = "ok"');
  const warnings = notices.map(renderConfigNotice);
  assert.equal(healthcheck?.path, null);
  assert.equal(healthcheck?.content, null);
  assert.equal(healthcheck?.timeoutMs, 1000);
  assert.deepEqual(warnings, ["hop3.toml [healthcheck] contains was ignored: it needs a path to request"]);
});

test("maps the older [run] healthcheck and healthcheck-timeout", () => {
  const { healthcheck, notices } = read('[run]\nhealthcheck = "/ping"\nhealthcheck-timeout = 10');
  const warnings = notices.map(renderConfigNotice);
  assert.equal(healthcheck?.path, "/ping");
  assert.equal(healthcheck?.timeoutMs, 10_000);
  assert.equal(healthcheck?.source, "hop3.toml [run] healthcheck");
  assert.deepEqual(warnings, []);
});

test("lets [healthcheck] win over [run] healthcheck, warning when they disagree", () => {
  const { healthcheck, notices } = read('[run]\nhealthcheck = "/old"\nhealthcheck-timeout = "3s"\n[healthcheck]\npath = "/new"\ntimeout = 3');
  const warnings = notices.map(renderConfigNotice);
  assert.equal(healthcheck?.path, "/new");
  assert.equal(healthcheck?.timeoutMs, 3000);
  assert.deepEqual(warnings, ['hop3.toml [run] healthcheck = "/old" was ignored: [healthcheck] path takes precedence']);
  // [run] fills in what [healthcheck] leaves out.
  assert.equal(read('[run]\nhealthcheck-timeout = 7\n[healthcheck]\npath = "/new"').healthcheck?.timeoutMs, 7000);
});
