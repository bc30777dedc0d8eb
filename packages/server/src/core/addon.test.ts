import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { checkAddonName, checkAddonPrefix, defaultPrefix, prefixed } from "./addon.ts";

test("addon names and prefixes are checked, naming the refused value", () => {
  assert.equal(checkAddonName("blog-db"), "blog-db");
  for (const bad of ["Blog", "1db", "a", "db_x", "x".repeat(41), "../etc"]) {
    assert.throws(() => checkAddonName(bad), (error: unknown) => error instanceof Hop3Error && error.code === "ADDON_NAME_INVALID" && error.message.includes(JSON.stringify(bad.slice(0, 80))));
  }
  assert.equal(checkAddonPrefix("CACHE_2"), "CACHE_2");
  assert.throws(() => checkAddonPrefix("cache"), /"cache"/);
});

test("a second addon of a type gets prefixed variables, by default its name in capitals", () => {
  assert.deepEqual(prefixed({ REDIS_URL: "u" }, ""), { REDIS_URL: "u" });
  assert.deepEqual(prefixed({ REDIS_URL: "u", REDIS_USER: "n" }, "SESSIONS"), { SESSIONS_REDIS_URL: "u", SESSIONS_REDIS_USER: "n" });
  assert.equal(defaultPrefix("main-cache"), "MAIN_CACHE");
});
