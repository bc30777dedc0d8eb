import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { appConfig, appWith, tempDir, testContext } from "../build-fixtures.ts";
import { buildStatic } from "./build.ts";

async function contextFor(files: Record<string, string>, staticRoot: string | null = null) {
  const appDir = await appWith(files);
  return testContext({ appDir, cacheDir: await tempDir("cache"), home: await tempDir("home"), config: appConfig({ staticRoot }) });
}

void test("serves public/ when that is where index.html is", async () => {
  const ctx = await contextFor({ "public/index.html": "" });
  const result = await buildStatic(ctx);
  assert.equal(result.staticRoot, join(ctx.appDir, "public"));
  assert.ok(ctx.lines.includes("-----> Serving static files from public"));
});

void test("serves the files with a web process of the app's own, never through the proxy", async () => {
  const ctx = await contextFor({ "public/index.html": "" });
  const web = (await buildStatic(ctx)).defaultProcesses["web"] ?? "";
  assert.match(web, /\| exec caddy run --config -$/);
  assert.ok(web.includes(`"root":"${join(ctx.appDir, "public")}"`), web);
  assert.ok(web.includes('"listen":["127.0.0.1:{env.PORT}"]'), web);
});

void test("refuses a static root that leaves the app's directory, even through a symlink", async () => {
  const outside = await contextFor({ "index.html": "" }, "../..");
  await assert.rejects(buildStatic(outside), (error: Hop3Error) => error.code === "APP_CONFIG_INVALID");
  const linked = await contextFor({ "index.html": "" }, "site");
  await symlink("/etc", join(linked.appDir, "site"));
  await assert.rejects(buildStatic(linked), (error: Hop3Error) => error.code === "APP_CONFIG_INVALID" && /"site" is outside/.test(error.message));
});

void test("fails the build when the configured static root does not exist", async () => {
  const ctx = await contextFor({ "index.html": "" }, "dist");
  await assert.rejects(buildStatic(ctx), (error: Hop3Error) => error.code === "BUILD_FAILED" && /"dist"/.test(error.message));
});

void test("names Caddy, the server its web process runs, as the site's runtime (for the SBOM)", async () => {
  const ctx = await contextFor({ "index.html": "" });
  const runtime = (await buildStatic(ctx)).runtime;
  assert.equal(runtime?.name, "caddy");
  assert.equal(runtime?.command, "caddy");
  assert.match(runtime?.version ?? "", /^\d+\.\d+\.\d+$/);
});
