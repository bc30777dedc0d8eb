import { renderConfigNotice } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAppJson } from "./app-json.ts";
import type { Hop3Error } from "@hop3/contract";
import { appJsonSettings } from "./app-json-settings.ts";

const settings = (appJson: unknown) => appJsonSettings("app.json", parseAppJson(JSON.stringify(appJson)));

test("takes only the values of env entries as defaults", () => {
  const read = settings({ env: { PLAIN: "1", WITH_VALUE: { value: "2", description: "x" }, SECRET: { generator: "secret" }, TOKEN: { description: "y" }, OPTIONAL: { required: false } } });
  assert.deepEqual(read.env, { PLAIN: "1", WITH_VALUE: "2" });
  assert.deepEqual(read.needed.map((variable) => ({ key: variable.key, warning: renderConfigNotice(variable.notice) })), [
    { key: "SECRET", warning: 'app.json "env.SECRET" asks for a generated value, which is not supported yet; SECRET was not set' },
    { key: "TOKEN", warning: 'app.json "env.TOKEN" is required but has no value; set it in ENV, .env or hop3.toml [env]' },
  ]);
});

test("skips, with a warning, env variables Hop3 reserves or cannot name", () => {
  const read = settings({ env: { PORT: "5000", HOP3_APP: "x", "my-var": "1", OK: "1" } });
  assert.deepEqual(read.env, { OK: "1" });
  assert.deepEqual(read.notices.map(renderConfigNotice), [
    'app.json "env.PORT" was ignored: PORT is assigned by Hop3 to each process and may not be set',
    'app.json "env.HOP3_APP" was ignored: HOP3_APP may not be set: names starting with HOP3_ are reserved for Hop3',
    'app.json "env.my-var" was ignored: "my-var" is not a valid variable name (letters, digits and "_", not starting with a digit)',
  ]);
});

test("takes the predeploy and postdeploy commands of scripts.dokku", () => {
  const read = settings({ scripts: { dokku: { predeploy: "./migrate", postdeploy: "./notify" } } });
  assert.deepEqual([read.release, read.postdeploy, read.notices.map(renderConfigNotice)], [["./migrate"], ["./notify"], []]);
  assert.deepEqual(settings({ scripts: { dokku: { predeploy: "  " } } }).release, []);
});

test("warns that Heroku's scripts are not run", () => {
  assert.deepEqual(settings({ scripts: { postdeploy: "rake bootstrap", test: "rake test" } }).notices.map(renderConfigNotice), [
    'app.json "scripts.postdeploy" was ignored: scripts run only after an app\'s first deploy are not supported yet ("scripts.dokku.postdeploy" runs after every deploy)',
    'app.json "scripts.test" was ignored: Heroku review-app and CI scripts are not supported',
  ]);
});

test("warns about cron, addons and buildpacks, unless they are empty", () => {
  const read = settings({ cron: [{ command: "./job", schedule: "0 1 * * *" }], addons: ["heroku-postgresql"], buildpacks: [{ url: "heroku/python" }] });
  assert.deepEqual(read.notices.map(renderConfigNotice), [
    'app.json "cron" is not supported yet and was ignored',
    'app.json "addons" is not supported yet and was ignored',
    'app.json "buildpacks" was ignored: Hop3 picks a builder itself (hop3.toml [build] toolchain names one)',
  ]);
  assert.deepEqual(settings({ cron: [], addons: [], buildpacks: [], environments: {} }).notices.map(renderConfigNotice), []);
});

test("records formation quantities by lowercase process type, capping them at 20 with a warning", () => {
  const read = settings({ formation: { Web: { quantity: 3, max_parallel: 1 }, worker: { quantity: 0, size: "standard-2x" }, beat: {}, clock: { quantity: 50 } } });
  assert.deepEqual(read.formation, { web: 3, worker: 0, clock: 20 });
  assert.deepEqual(read.notices.map(renderConfigNotice), [
    'app.json "formation.worker.size" is not supported yet and was ignored',
    'app.json "formation.clock.quantity" is 50; Hop3 runs at most 20 instances of a process type, so it runs 20',
  ]);
});

test("warns about unknown keys at any depth, suggesting the closest known one", () => {
  const read = settings({
    name: "x",
    helthchecks: {},
    "x-render": { plan: "free" },
    scripts: { dokku: { predeplloy: "./m" } },
    healthchecks: { web: [{ path: "/", atempts: 3 }] },
    env: { A: { value: "1", requried: true } },
  });
  assert.deepEqual(read.notices.map(renderConfigNotice), [
    'app.json: unknown key "helthchecks" was ignored; did you mean "healthchecks"?',
    'app.json: unknown key "x-render" was ignored',
    'app.json: unknown key "scripts.dokku.predeplloy" was ignored; did you mean "scripts.dokku.predeploy"?',
    'app.json: unknown key "healthchecks.web[0].atempts" was ignored; did you mean "healthchecks.web[0].attempts"?',
    'app.json: unknown key "env.A.requried" was ignored; did you mean "env.A.required"?',
  ]);
});

test("accepts the informational keys of Heroku's format silently", () => {
  const read = settings({ name: "x", description: "d", keywords: ["k"], website: "w", repository: "r", logo: "l", success_url: "/", stack: "heroku-24", image: "heroku/python", environments: { test: {} } });
  assert.deepEqual(read.notices.map(renderConfigNotice), []);
});

test("refuses a loader variable in env, naming the file and the key", () => {
  assert.throws(
    () => settings({ env: { LD_AUDIT: { value: "./a.so" } } }),
    (error: Hop3Error) => error.code === "ENV_VAR_FORBIDDEN" && error.message.startsWith('app.json "env.LD_AUDIT": LD_AUDIT may not be set'),
  );
});
