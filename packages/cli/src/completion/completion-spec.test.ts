import assert from "node:assert/strict";
import { test } from "node:test";
import { commands } from "../registry.ts";
import { completionSpec } from "./completion-spec.ts";

const specOf = (name: string) => {
  const spec = completionSpec(commands).find((candidate) => candidate.name === name);
  assert.ok(spec, name);
  return spec;
};

test("takes every command, with its flags long and short, from the registry", () => {
  assert.deepEqual(completionSpec(commands).map((spec) => spec.name), commands.map((command) => command.name));
  const logs = specOf("logs");
  for (const flag of ["--process", "-p", "--tail", "-t", "--json", "--help", "-h"]) assert.ok(logs.flags.includes(flag), flag);
  assert.ok(logs.valueFlags.includes("-n") && !logs.valueFlags.includes("-f"));
});

test("completes app names where an argument or option takes an existing app, not a new name or a key", () => {
  assert.deepEqual(specOf("ps").appArgs, [0]);
  assert.deepEqual(specOf("apps:info").appArgs, [0]);
  assert.deepEqual(specOf("apps:rename").appArgs, [0], "OLD, not NEW");
  assert.deepEqual(specOf("apps:create").appArgs, []);
  assert.deepEqual(specOf("config:get").appArgs, [0], "APP, not KEY");
  assert.deepEqual(specOf("deploy").appFlags, ["--app", "-a"]);
});
