import { test } from "node:test";
import assert from "node:assert/strict";
import type { ConfigNotice } from "./config-notices.ts";
import { isInertPikuSetting, renderConfigNotice } from "./render-config-notice.ts";

/** One notice of every code: the record's type fails to compile when a code has no sample. */
const samples: { [Code in ConfigNotice["code"]]: Extract<ConfigNotice, { code: Code }> } = {
  "not-supported-yet": { code: "not-supported-yet", at: "hop3.toml [build] test" },
  "no-such-tool": { code: "no-such-tool", at: "hop3.toml [nix]", tool: "nix-builder" },
  "catch-all-host": { code: "catch-all-host", at: 'hop3.toml [domains] list "_"' },
  "domains-policy": { code: "domains-policy", at: "hop3.toml [domains] _policy" },
  "volume-type-bind": { code: "volume-type-bind", at: 'hop3.toml [[volumes]] "cache"' },
  "volume-size-not-tmpfs": { code: "volume-size-not-tmpfs", at: 'hop3.toml [[volumes]] "cache"' },
  "static-path-not-root": { code: "static-path-not-root", at: "hop3.toml [static]", path: "/assets" },
  "port-source-not-opened": { code: "port-source-not-opened", at: "hop3.toml [[ports]]", port: 2525, protocol: "tcp", source: "10.0.0.0/8" },
  "host-name-overridden": { code: "host-name-overridden", file: "hop3.toml" },
  "check-not-web": { code: "check-not-web", at: 'app.json "healthchecks.worker"' },
  "check-type-unsupported": { code: "check-type-unsupported", at: 'app.json "healthchecks.web[0]"', checkType: "liveness" },
  "check-warn-only": { code: "check-warn-only", at: 'app.json "healthchecks.web[1]"' },
  "check-not-chosen": { code: "check-not-chosen", at: 'app.json "healthchecks.web[3]"', chosen: '"healthchecks.web[2]"' },
  "check-key-ignored": { code: "check-key-ignored", at: 'app.json "healthchecks.web[0].scheme"', key: "scheme" },
  "check-kind-replaced": { code: "check-kind-replaced", at: 'app.json "healthchecks.web[0].command"', kind: "command" },
  "check-needs-path": { code: "check-needs-path", at: "hop3.toml [healthcheck] contains" },
  overridden: { code: "overridden", at: 'hop3.toml [run] healthcheck = "/ping"', by: "[healthcheck] path" },
  "check-replaced": { code: "check-replaced", at: "app.json healthchecks.web[0]", by: "hop3.toml [healthcheck]" },
  "unknown-key": { code: "unknown-key", file: "app.json", key: "formaton", suggestion: "formation" },
  "first-deploy-script": { code: "first-deploy-script", at: 'app.json "scripts.postdeploy"' },
  "ci-script": { code: "ci-script", at: 'app.json "scripts.test"' },
  "env-name-refused": { code: "env-name-refused", at: 'app.json "env.PORT"', name: "PORT" },
  "generated-value-unsupported": { code: "generated-value-unsupported", at: 'app.json "env.SECRET"', key: "SECRET" },
  "required-without-value": { code: "required-without-value", at: 'app.json "env.TOKEN"', key: "TOKEN" },
  "quantity-capped": { code: "quantity-capped", at: 'app.json "formation.web.quantity"', asked: 99, max: 16 },
  buildpacks: { code: "buildpacks", at: 'app.json "buildpacks"' },
  "cron-in-workers": { code: "cron-in-workers", at: 'hop3.toml "run.workers.cron"' },
  "piku-catch-all": { code: "piku-catch-all", at: "ENV line 2: NGINX_SERVER_NAME" },
  "piku-static-path": { code: "piku-static-path", at: "ENV line 3: NGINX_STATIC_PATHS", mapping: "/static:assets" },
  "piku-https-only": { code: "piku-https-only", at: "ENV line 4: NGINX_HTTPS_ONLY", value: "false" },
  "piku-inert": { code: "piku-inert", at: "ENV line 5: UWSGI_PROCESSES", key: "UWSGI_PROCESSES" },
  "firewall-not-updated": { code: "firewall-not-updated", file: "hop3.toml", error: "nft failed" },
};

test("every notice is one line that names the file and setting it is about", () => {
  for (const notice of Object.values(samples)) {
    const text = renderConfigNotice(notice);
    const place = "at" in notice ? notice.at : notice.file;
    assert.ok(text.includes(place), `${notice.code}: ${text}`);
    assert.doesNotMatch(text, /\n|undefined|\[object/, notice.code);
  }
});

test("values the user wrote are quoted, and the reason says what Hop3 does instead", () => {
  assert.equal(
    renderConfigNotice(samples["piku-static-path"]),
    'ENV line 3: NGINX_STATIC_PATHS "/static:assets" was ignored: only "/:directory" is served (by the app\'s own file server)',
  );
  assert.equal(renderConfigNotice(samples["quantity-capped"]), 'app.json "formation.web.quantity" is 99; Hop3 runs at most 16 instances of a process type, so it runs 16');
  assert.equal(renderConfigNotice(samples["unknown-key"]), 'app.json: unknown key "formaton" was ignored; did you mean "formation"?');
  assert.equal(renderConfigNotice({ ...samples["unknown-key"], suggestion: null }), 'app.json: unknown key "formaton" was ignored');
});

test("Piku's settings without a Hop3 equivalent are known by name, and every NGINX_CACHE_ one", () => {
  assert.ok(isInertPikuSetting("UWSGI_PROCESSES"));
  assert.ok(isInertPikuSetting("NGINX_CACHE_TIME"));
  assert.ok(!isInertPikuSetting("NGINX_SERVER_NAME"), "NGINX_SERVER_NAME becomes HOST_NAME");
  assert.match(renderConfigNotice({ code: "piku-inert", at: "ENV line 1: NGINX_CACHE_TIME", key: "NGINX_CACHE_TIME" }), /caches nothing/);
});
