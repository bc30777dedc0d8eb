import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { renderAppServerConfig } from "./app-server.ts";

// Golden files hold the exact JSON; run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
async function assertGolden(name: string, actual: unknown): Promise<void> {
  const file = new URL(`./golden/${name}.json`, import.meta.url);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env["UPDATE_GOLDEN"] === "1") await writeFile(file, text);
  assert.equal(text, await readFile(file, "utf8"));
}

void test("renders a static site's own file server like golden/app-static.json", async () => {
  await assertGolden("app-static", renderAppServerConfig({ root: "/var/lib/hop3/apps/docs/releases/3/public" }));
});

void test("renders a PHP app's own server like golden/app-php.json", async () => {
  await assertGolden("app-php", renderAppServerConfig({ root: "/var/lib/hop3/apps/php/releases/2/public", php: true }));
});

void test("has no admin endpoint and saves no config: nothing can reconfigure an app's server", () => {
  const config = renderAppServerConfig({ root: "/srv/site" });
  assert.deepEqual(config["admin"], { disabled: true, config: { persist: false } });
});

void test("listens on loopback only, on the instance's $PORT", () => {
  const text = JSON.stringify(renderAppServerConfig({ root: "/srv/site" }));
  assert.ok(text.includes('"listen":["127.0.0.1:{env.PORT}"]'), text);
});

void test("refuses a web root that is not an absolute path", () => {
  assert.throws(() => renderAppServerConfig({ root: "public" }), /web root must be an absolute path, got "public"/);
});
