import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { chooseNodePackageManager } from "./package-manager.ts";

void test("picks the package manager by lockfile", async () => {
  const cases = { "pnpm-lock.yaml": "pnpm", "yarn.lock": "yarn", "package-lock.json": "npm", "npm-shrinkwrap.json": "npm" } as const;
  for (const [lockfile, name] of Object.entries(cases)) {
    const choice = await chooseNodePackageManager(await appWith({ "package.json": "{}", [lockfile]: "" }), null, null);
    assert.deepEqual([choice.name, choice.lockfile, choice.setAside], [name, lockfile, null], lockfile);
  }
});

void test("with several lockfiles, the first in order wins and the build says so", async () => {
  const choice = await chooseNodePackageManager(await appWith({ "yarn.lock": "", "package-lock.json": "" }), null, null);
  assert.equal(choice.name, "yarn");
  assert.equal(choice.setAside, "package-lock.json also present: yarn.lock wins (set [build] package-manager in hop3.toml to choose another)");
});

void test("without a lockfile, follows package.json packageManager, else npm", async () => {
  assert.equal((await chooseNodePackageManager(await appWith({}), "pnpm@10.28.1", null)).name, "pnpm");
  assert.equal((await chooseNodePackageManager(await appWith({}), null, null)).name, "npm");
});

void test("hop3.toml [build] package-manager wins, and must name a Node.js package manager", async () => {
  const choice = await chooseNodePackageManager(await appWith({ "yarn.lock": "", "package-lock.json": "" }), null, "npm");
  assert.deepEqual([choice.name, choice.lockfile], ["npm", "package-lock.json"]);
  await assert.rejects(chooseNodePackageManager(await appWith({}), null, "uv"), (error: Hop3Error) => {
    assert.equal(error.code, "APP_CONFIG_INVALID");
    assert.match(error.message, /"uv" is not a Node.js package manager; use one of: npm, pnpm, yarn$/);
    return true;
  });
});
