import { test } from "node:test";
import assert from "node:assert/strict";
import { serverSettings, type Setting } from "./config/server-settings.ts";
import { serverUsage } from "./server-usage.ts";

const settings: [string, Setting][] = Object.entries(serverSettings);

test("hop3-server --help lists every setting's environment variable with its default", () => {
  const usage = serverUsage();
  for (const [key, setting] of settings) {
    const entry = new RegExp(`^  ${setting.env} +(.*(?:\\n {22}.*)*)`, "m").exec(usage);
    assert.ok(entry, `--help does not list ${setting.env} (${key})`);
    const text = (entry[1] ?? "").replace(/\s+/g, " ");
    assert.ok(text.includes(setting.help), `--help describes ${setting.env} as "${text}"`);
    assert.ok(text.endsWith(`(default ${setting.defaultText ?? String(setting.default)})`), `--help does not give the default of ${setting.env}: "${text}"`);
  }
});

test("hop3-server --help names no HOP3_ variable that is not a setting, but HOP3_CONFIG", () => {
  const named = new Set(serverUsage().match(/HOP3_[A-Z0-9_]+/g));
  const known = new Set(["HOP3_CONFIG", ...settings.map(([, setting]) => setting.env)]);
  assert.deepEqual([...named].filter((name) => !known.has(name)), []);
});

test("hop3-server --help wraps at 100 columns, past them only a word that cannot be cut", () => {
  for (const line of serverUsage().split("\n")) {
    if (line.length > 100) assert.match(line, /^ +\S+$/, `too long: ${line}`);
  }
});
