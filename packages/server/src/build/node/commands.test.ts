import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith, tempDir, testContext } from "../build-fixtures.ts";
import { nodeEnv, packageManagerCommands } from "./commands.ts";
import type { PackageManagerChoice } from "./package-manager.ts";

const locked = (name: PackageManagerChoice["name"], lockfile: string): PackageManagerChoice => ({ name, lockfile, reason: "", setAside: null });

async function contextFor(files: Record<string, string>) {
  return testContext({ appDir: await appWith(files), cacheDir: "/cache", home: await tempDir("home") });
}

void test("installs from the lockfile without dev dependencies, never updating it", async () => {
  const ctx = await contextFor({ "pnpm-lock.yaml": "", "yarn.lock": "# yarn lockfile v1\n" });
  assert.deepEqual((await packageManagerCommands(ctx, locked("npm", "package-lock.json"), null)).install(false), ["npm", "ci", "--omit=dev", "--prefer-offline"]);
  const pnpm = await packageManagerCommands(ctx, locked("pnpm", "pnpm-lock.yaml"), null);
  assert.deepEqual(pnpm.install(false).slice(0, 5), ["corepack", "pnpm", "install", "--frozen-lockfile", "--prod"]);
  // `pnpm prune` finds the store in its environment, which npm's commands do not get.
  assert.equal(pnpm.env.npm_config_store_dir, "/cache/pnpm-store");
  assert.deepEqual((await packageManagerCommands(ctx, locked("npm", "package-lock.json"), null)).env, {});
  const yarn = await packageManagerCommands(ctx, locked("yarn", "yarn.lock"), null);
  assert.equal(yarn.shown, "yarn (classic)");
  assert.deepEqual(yarn.install(false).slice(0, 6), ["corepack", "yarn", "install", "--frozen-lockfile", "--non-interactive", "--production=true"]);
});

void test("recognises Yarn Berry by its lockfile or packageManager, and runs it through Yarn", async () => {
  const berryLock = await contextFor({ "yarn.lock": "__metadata:\n  version: 8\n" });
  const berry = await packageManagerCommands(berryLock, locked("yarn", "yarn.lock"), null);
  assert.equal(berry.shown, "yarn (berry)");
  assert.equal(berry.cacheable, false);
  assert.equal(berry.start, "corepack yarn start");
  assert.deepEqual(berry.install(true), ["corepack", "yarn", "install", "--immutable"]);
  const pinned = await packageManagerCommands(await contextFor({ "yarn.lock": "" }), locked("yarn", "yarn.lock"), "yarn@4.9.2");
  assert.equal(pinned.shown, "yarn (berry)");
});

void test("points every cache and corepack's downloads at the app's cache, never HOME", async () => {
  const env = nodeEnv(await contextFor({}));
  assert.equal(env.npm_config_cache, "/cache/npm");
  assert.equal(env.COREPACK_HOME, "/cache/corepack");
  // Only pnpm's commands get its store: npm warns about a setting it does not know.
  assert.equal(env.npm_config_store_dir, undefined);
  assert.equal(env.YARN_CACHE_FOLDER, "/cache/yarn");
  assert.equal(env.COREPACK_DEFAULT_TO_LATEST, "0");
  assert.equal(env.COREPACK_ENABLE_AUTO_PIN, "0");
  assert.equal(env.NODE_ENV, "production");
});
