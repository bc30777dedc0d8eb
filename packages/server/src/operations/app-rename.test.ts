import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { appUserName } from "../host/unix-app-identities.ts";
import { AppLocks } from "../apps/app-locks.ts";
import { checkNewName, takeLocks } from "./app-rename.ts";

const existing = new Map<string, App>([["taken", { id: 2, name: "taken", unixUser: "h3-taken-000000", createdAt: "now" }]]);
const apps = { find: (name: string) => existing.get(name) ?? null };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof Hop3Error ? error.code : "other";
  }
  return undefined;
}

test("a new name follows apps:create's rules and must be free", () => {
  assert.equal(codeOf(() => checkNewName(apps, "shop", "store")), undefined);
  assert.equal(codeOf(() => checkNewName(apps, "shop", "taken")), "APP_EXISTS");
  assert.equal(codeOf(() => checkNewName(apps, "shop", "shop")), "APP_EXISTS");
  assert.equal(codeOf(() => checkNewName(apps, "shop", "Bad_Name")), "APP_NAME_INVALID");
  assert.equal(codeOf(() => checkNewName(apps, "shop", "admin")), "APP_NAME_RESERVED");
});

test("takes both locks or none: a busy name leaves the other one free", () => {
  const locks = new AppLocks();
  const busy = locks.acquire("store");
  assert.equal(codeOf(() => takeLocks(locks, ["shop", "store"])), "DEPLOY_IN_PROGRESS");
  assert.equal(locks.isHeld("shop"), false);
  busy.release();
  const held = takeLocks(locks, ["shop", "store"]);
  assert.equal(locks.heldCount(), 2);
  held.forEach((lock) => lock.release());
  assert.equal(locks.heldCount(), 0);
});

test("an app created under a renamed app's old name gets another account name", () => {
  const usual = appUserName("/var/lib/hop3", "shop");
  const next = appUserName("/var/lib/hop3", "shop", 1);
  assert.match(usual, /^h3-shop-[0-9a-f]{6}$/);
  assert.match(next, /^h3-shop-[0-9a-f]{6}$/);
  assert.notEqual(next, usual);
  assert.equal(appUserName("/var/lib/hop3", "shop", 0), usual, "attempt 0 is the name apps always had");
});
