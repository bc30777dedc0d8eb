import { test } from "node:test";
import assert from "node:assert/strict";
import type { Hop3Error } from "@hop3/contract";
import { checkConfigKey, withConfigVars } from "./config-vars.ts";

const codeOf = (key: string) => {
  try {
    checkConfigKey(key);
    return "ok";
  } catch (error) {
    return (error as Hop3Error).code;
  }
};

test("accepts shell variable names", () => {
  for (const key of ["A", "_x", "DATABASE_URL", "a1_B2", "HOP3", "PORTS", "MY_HOP3_X"]) assert.equal(codeOf(key), "ok", key);
});

test("refuses names that are not shell variable names, naming them", () => {
  for (const key of ["", "1A", "A-B", "A B", "A=B", "é", "A\n"]) assert.equal(codeOf(key), "CONFIG_KEY_INVALID", JSON.stringify(key));
  assert.throws(() => checkConfigKey("BAD-KEY"), /"BAD-KEY" is not a valid config var name/);
});

test("refuses PORT and HOP3_* as reserved, naming the key", () => {
  for (const key of ["PORT", "HOP3_", "HOP3_APP", "HOP3_X"]) assert.equal(codeOf(key), "CONFIG_KEY_RESERVED", key);
  assert.throws(() => checkConfigKey("HOP3_X"), /Config var HOP3_X is reserved/);
});

test("config vars override the files' values but never PORT or HOP3_*", () => {
  const env = { GREETING: "file", LANG: "C.UTF-8", HOP3_APP: "web", HOP3_RELEASE: "3" };
  assert.deepEqual(withConfigVars(env, { GREETING: "var", NEW: "x", HOP3_APP: "evil", PORT: "1" }), { GREETING: "var", LANG: "C.UTF-8", HOP3_APP: "web", HOP3_RELEASE: "3", NEW: "x" });
});
