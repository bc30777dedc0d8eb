import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appConfig, appWith } from "./build-fixtures.ts";
import { builderNames, selectBuilder } from "./registry.ts";

void test("lists the builders in detection order, static last", () => {
  assert.deepEqual(builderNames(), ["python", "node", "go", "rust", "java", "ruby", "php", "procfile", "static"]);
});

void test("picks the builder whose files the app has", async () => {
  assert.equal((await selectBuilder(await appWith({ "requirements.txt": "" }), appConfig())).name, "python");
  assert.equal((await selectBuilder(await appWith({ "package.json": "{}" }), appConfig())).name, "node");
  assert.equal((await selectBuilder(await appWith({ "go.mod": "module x\n" }), appConfig())).name, "go");
  assert.equal((await selectBuilder(await appWith({ "index.html": "" }), appConfig())).name, "static");
});

void test("treats a Flask app that ships an index.html as a Python app", async () => {
  const appDir = await appWith({ "requirements.txt": "flask\n", "index.html": "" });
  assert.equal((await selectBuilder(appDir, appConfig())).name, "python");
});

void test("prefers the first builder in order when several apply", async () => {
  const appDir = await appWith({ "package.json": "{}", "go.mod": "module x\n" });
  assert.equal((await selectBuilder(appDir, appConfig())).name, "node");
});

void test("uses the builder named by [build] toolchain instead of detecting", async () => {
  const appDir = await appWith({ "requirements.txt": "", "index.html": "" });
  assert.equal((await selectBuilder(appDir, appConfig({ toolchain: "static" }))).name, "static");
});

void test("rejects a toolchain no builder has, listing the valid names", async () => {
  await assert.rejects(selectBuilder(await appWith({}), appConfig({ toolchain: "cobol" })), (error: Hop3Error) => {
    assert.equal(error.code, "HOP3_TOML_INVALID");
    assert.equal(error.message, 'hop3.toml: [build] toolchain "cobol" is not one of: python, node, go, rust, java, ruby, php, procfile, static');
    return true;
  });
});

void test("explains what it looked for when no builder recognises the app", async () => {
  await assert.rejects(selectBuilder(await appWith({ "README.md": "" }), appConfig()), (error: Hop3Error) => {
    assert.equal(error.code, "NO_BUILDER");
    assert.equal(
      error.message,
      "No builder recognises this app. Looked for: requirements.txt, pyproject.toml, setup.py or Pipfile (python); package.json (node); " +
        "go.mod (go); Cargo.toml (rust); pom.xml (java); Gemfile (ruby); composer.json, index.php or public/index.php (php); a Procfile or hop3.toml naming a process (procfile); index.html, public/index.html or a static root in Procfile/hop3.toml (static)",
    );
    return true;
  });
});

void test("recognises Cargo.toml, pom.xml, and a Procfile naming a process when no language matches", async () => {
  assert.equal((await selectBuilder(await appWith({ "Cargo.toml": "" }), appConfig())).name, "rust");
  assert.equal((await selectBuilder(await appWith({ "pom.xml": "" }), appConfig())).name, "java");
  const procfileOnly = await appWith({ Procfile: "web: ./serve\n", "index.html": "" });
  assert.equal((await selectBuilder(procfileOnly, appConfig({ processes: { web: "./serve" } }))).name, "procfile");
  const withGo = await appWith({ "go.mod": "module x\n" });
  assert.equal((await selectBuilder(withGo, appConfig({ processes: { web: "./serve" } }))).name, "go");
});
