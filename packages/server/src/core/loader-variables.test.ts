import assert from "node:assert/strict";
import { test } from "node:test";
import type { Hop3Error } from "@hop3/contract";
import { checkConfigKey, checkConfigKeyToSet, withConfigVars } from "./config-vars.ts";
import { isLoaderVariable } from "./loader-variables.ts";

test("every LD_* variable and the C library's file and code variables are loader variables", () => {
  for (const name of ["LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_", "LD_ANYTHING", "GLIBC_TUNABLES", "GCONV_PATH", "LOCPATH", "HOSTALIASES", "NLSPATH", "MALLOC_TRACE"]) {
    assert.ok(isLoaderVariable(name), name);
  }
});

test("apps' everyday variables are not loader variables", () => {
  for (const name of ["LDAP_URL", "OLD_PRELOAD", "ld_preload", "TMPDIR", "TZ", "MALLOC_ARENA_MAX", "NODE_OPTIONS", "PYTHONPATH", "PERL5OPT", "LANG", "PATH"]) {
    assert.ok(!isLoaderVariable(name), name);
  }
});

test("config:set refuses a loader variable, naming it, but one stored earlier can still be unset", () => {
  assert.throws(() => checkConfigKeyToSet("LD_PRELOAD"), (error: Hop3Error) => error.code === "ENV_VAR_FORBIDDEN" && /Config var LD_PRELOAD may not be set/.test(error.message));
  assert.doesNotThrow(() => checkConfigKey("LD_PRELOAD"));
  assert.doesNotThrow(() => checkConfigKeyToSet("DATABASE_URL"));
});

test("a loader variable stored before it was refused never reaches a release's environment", () => {
  assert.deepEqual(withConfigVars({ A: "1" }, { LD_PRELOAD: "/tmp/x.so", B: "2" }), { A: "1", B: "2" });
});
