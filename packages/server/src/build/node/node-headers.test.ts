import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { nodeProbeArgv, parseNodeProbe } from "./node-headers.ts";

void test("the probe names the running Node's version and the prefix holding its headers", () => {
  const [, ...args] = nodeProbeArgv;
  const probe = parseNodeProbe(execFileSync(process.execPath, args, { encoding: "utf8" }).trim().split("\n"));
  assert.equal(probe.version, process.version);
  const prefix = join(process.execPath, "..", "..");
  assert.equal(probe.headersDir, existsSync(join(prefix, "include", "node", "common.gypi")) ? prefix : null);
});

void test("a Node without headers gives no nodedir, and a missing line an unknown version", () => {
  assert.deepEqual(parseNodeProbe(["v20.11.1", ""]), { version: "v20.11.1", headersDir: null });
  assert.deepEqual(parseNodeProbe([]), { version: "(unknown version)", headersDir: null });
  assert.deepEqual(parseNodeProbe(["v20.11.1", "/usr"]), { version: "v20.11.1", headersDir: "/usr" });
});
