import assert from "node:assert/strict";
import { test } from "node:test";
import { appConfig, appWith } from "../build-fixtures.ts";
import { detectStatic, findStaticRoot } from "./detect.ts";

void test("recognises a site by index.html at the root or in public/", async () => {
  assert.equal(await findStaticRoot(await appWith({ "index.html": "" }), appConfig()), ".");
  assert.equal(await findStaticRoot(await appWith({ "public/index.html": "" }), appConfig()), "public");
});

void test("recognises a site whose config names a static root, whatever its files", async () => {
  const appDir = await appWith({ "site/home.html": "" });
  assert.equal(await detectStatic(appDir, appConfig({ staticRoot: "site" })), true);
  assert.equal(await findStaticRoot(appDir, appConfig({ staticRoot: "site" })), "site");
});

void test("does not recognise an app without index.html or a static root", async () => {
  assert.equal(await detectStatic(await appWith({ "docs/index.html": "" }), appConfig()), false);
});
