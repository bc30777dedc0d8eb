import { renderConfigNotice } from "@hop3/contract";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseHop3Toml } from "./hop3-toml.ts";
import { mergeAppConfig } from "./merge-app-config.ts";

// hop3.toml files in the original Hop3's 2024 and 2026 forms (every key of each), the Django
// example of its documentation and a file holding only a build hook: apps packaged for it deploy
// unchanged (issue 21).
const corpus = resolve(import.meta.dirname, "../../../../test/fixtures/hop3-toml");
const files = readdirSync(corpus).filter((name) => name.endsWith(".toml")).sort();

function load(name: string) {
  const config = parseHop3Toml(readFileSync(join(corpus, name), "utf8"), name);
  return { config, merged: mergeAppConfig({ hop3Toml: { fileName: name, config } }) };
}

test("the corpus holds both schemas, the Django example and a file without metadata", () => {
  assert.deepEqual(files, ["build-hook-only.toml", "django-example.toml", "original-2024-every-key.toml", "original-2026-every-key.toml"]);
});

for (const name of files) {
  test(`${name} parses and merges into an app configuration`, () => {
    assert.doesNotThrow(() => load(name));
  });
}

test("a file with only a build hook needs no [metadata]: the app's name comes from the CLI or the remote", () => {
  const { merged } = load("build-hook-only.toml");
  assert.equal(merged.id, null);
  assert.deepEqual(merged.buildHooks.before, ["make assets"]);
  assert.deepEqual(merged.notices.map(renderConfigNotice), []);
});

test("the 2026 keys Hop3 acts on reach the app configuration", () => {
  const { merged } = load("original-2026-every-key.toml");
  assert.equal(merged.staticDir, "dist");
  assert.equal(merged.nodeVersion, "20");
  assert.equal(merged.processes.web, "node server.js");
  assert.equal(merged.processes.queue, "node queue.js");
  assert.equal(merged.staticRoot, "dist", "[run] static");
  assert.deepEqual(merged.secrets.map((secret) => [secret.name, secret.generate, secret.display]), [
    ["SESSION_SECRET", "base64", false],
    ["API_TOKEN", "urlsafe", false],
    ["ADMIN_PASSWORD", "password", true],
    ["INSTANCE_ID", "uuid", false],
  ]);
  assert.deepEqual(merged.references, { SITE_DOMAIN: "domain", SITE_HOST: "hostname", SITE_NAME: "name" });
  assert.deepEqual(merged.computedEnv, { DATABASE_URL_SSL: "${DATABASE_URL}?sslmode=require", PUBLIC_URL: "https://${SITE_HOST}" });
  assert.equal(merged.healthcheck?.content, "ok");
  assert.deepEqual(merged.limits, { memoryBytes: 1024 ** 3, cpus: 0.5, maxProcesses: 256 });
  assert.deepEqual(merged.volumes, [{ name: "uploads", target: "uploads" }]);
  assert.deepEqual(merged.tmpfsVolumes, [{ name: "scratch", target: "tmp/scratch", sizeBytes: 64 * 1024 ** 2 }], "[[volumes]] type tmpfs: a mount per process");
  assert.deepEqual(merged.ports?.map((port) => `${port.number}/${port.protocol} ${port.source}`), ["5222/tcp any", "3478/udp 10.0.0.0/8"], "[[ports]]: held by the app, checked at deploy");
  assert.deepEqual(merged.addonReferences, { DATABASE_URL: { from: "db", key: "DATABASE_URL" } }, "[env] addon reference: resolved at each start");
  assert.deepEqual(merged.validations, [{ path: "/up", status: 200, contains: "ok" }], "[[test.validations]]: run by hop3 check");
  assert.deepEqual(merged.domains, ["every.example.org", "www.every.example.org"], "[domains] list: added on deploy");
});

test("what Hop3 does not act on is named in a warning, never dropped in silence", () => {
  const warnings = load("original-2026-every-key.toml").merged.notices.map(renderConfigNotice).join("\n");
  for (const named of ["[[addons]]", "[[provider]]", "[domains]", "[[ports]]", "[waf]", "[nix] (no Nix builder)", "[docker] (no Docker builder)", "[contexts]", '[[volumes]] "uploads" mode']) {
    assert.ok(warnings.includes(named), `no warning names ${named}:\n${warnings}`);
  }
});

test("a typo in a key of the later schema names the key and suggests the closest one", () => {
  const typos: readonly (readonly [string, string, string])[] = [
    ["[metadata]\nhomepgae = \"x\"", "metadata.homepgae", "metadata.homepage"],
    ["[build]\nnode-verison = \"20\"", "build.node-verison", "build.node-version"],
    ["[build]\nstatic_dir = \"dist\"", "build.static_dir", "build.static-dir"],
    ["[limits]\nprocesess = 10", "limits.procesess", "limits.processes"],
    ["[[ports]]\nnubmer = 5000", "ports[0].nubmer", "ports[0].number"],
    ["[waf]\nparanioa = 2", "waf.paranioa", "waf.paranoia"],
    ["[domains]\nlsit = [\"a.example.org\"]", "domains.lsit", "domains.list"],
    ["[[volumes]]\nname = \"v\"\ntarget = \"v\"\ntpye = \"tmpfs\"", "volumes[0].tpye", "volumes[0].type"],
    ["[env]\nKEY = { generate = \"hex\", dispaly = true }", "env.KEY.dispaly", "env.KEY.display"],
    ["[cli]\napps = \"x\"", "cli.apps", "cli.app"],
  ];
  for (const [text, key, suggestion] of typos) {
    assert.throws(() => parseHop3Toml(text), (error: unknown) => {
      assert.ok(error instanceof Hop3Error);
      // A misspelt required key also reports the missing one: the typo's line is there either way.
      assert.ok(error.message.split("\n").includes(`hop3.toml: unknown key "${key}"; did you mean "${suggestion}"?`), error.message);
      return true;
    });
  }
});

test("values that look like committed credentials are refused, naming the key", () => {
  for (const value of ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "AKIAIOSFODNN7EXAMPLE", "postgres://app:hunter2@db.example.org/app"]) {
    assert.throws(() => parseHop3Toml(`[env]\nLEAK = "${value}"`), /hop3.toml \[env\] LEAK looks like a committed credential/);
  }
  assert.doesNotThrow(() => parseHop3Toml('[env]\nDATABASE_URL = "postgres://app@db.example.org/app"\nREF = "${USER}:${PASS}@x"'));
});
