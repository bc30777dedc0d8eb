import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { serverSettings, type Setting } from "./server-settings.ts";
import { loadServerConfig } from "./server-config.ts";

const settings: [string, Setting][] = Object.entries(serverSettings);

test("each setting's variable is HOP3_ and its file key in upper case, so either name leads to the other", () => {
  for (const [key, setting] of settings) assert.equal(setting.env, `HOP3_${key.toUpperCase().replaceAll("-", "_")}`);
});

test("each default is a valid value of its setting", () => {
  for (const [key, setting] of settings) assert.ok(Value.Check(setting.schema, setting.default), `the default of ${key} is not valid: ${JSON.stringify(setting.default)}`);
});

test("each setting is read from its variable as its kind: numbers, true/false words, text", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  for (const [key, setting] of settings) {
    if (key === "home") continue;
    const config = loadServerConfig({ HOP3_HOME: home, [setting.env]: String(setting.default) }) as Record<string, unknown>;
    assert.deepEqual(config[key], setting.default, `${setting.env}=${String(setting.default)}`);
  }
  assert.equal(loadServerConfig({ HOP3_HOME: home, HOP3_NETWORK_ISOLATION: "no" })["network-isolation"], false);
  assert.equal(loadServerConfig({ HOP3_HOME: home, HOP3_DRAIN_TIMEOUT: "0.5" })["drain-timeout"], 0.5);
});

test("help and docs text of a setting is one line", () => {
  for (const [key, setting] of settings) {
    for (const text of [setting.help, setting.doc ?? "", setting.defaultText ?? ""]) assert.doesNotMatch(text, /\n/, key);
    assert.ok(setting.help.length > 0, `${key} has no help`);
  }
});
