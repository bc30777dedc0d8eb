import { test } from "node:test";
import assert from "node:assert/strict";
import type { DeployEvent } from "@hop3/contract";
import { capOutput } from "./output-cap.ts";

const limit = { maxBytes: 100, setting: "deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX)" };
const log = (line: string): DeployEvent => ({ type: "log", source: "build", stream: "stdout", line });

test("passes output lines until the cap, then one notice naming the limit and its setting, then nothing more of the output", () => {
  const seen: DeployEvent[] = [];
  const emit = capOutput((event) => seen.push(event), limit);
  for (let i = 0; i < 1000; i++) emit(log("x".repeat(19)));
  assert.deepEqual(seen.slice(0, 5), Array.from({ length: 5 }, () => log("x".repeat(19))));
  assert.deepEqual(seen.slice(5), [{ type: "output-truncated", limitBytes: 100, setting: limit.setting }]);
});

test("stages, warnings and the result still pass after the cap", () => {
  const seen: DeployEvent[] = [];
  const emit = capOutput((event) => seen.push(event), limit);
  emit(log("y".repeat(500)));
  emit(log("more"));
  emit({ type: "starting", processes: [{ type: "web", command: "./serve", instances: 1 }] });
  emit({ type: "config-notice", notice: { code: "not-supported-yet", at: "hop3.toml [run] packages" } });
  emit({ type: "succeeded", app: "a", release: 1, url: null, seconds: 1 });
  assert.deepEqual(
    seen.map((event) => event.type),
    ["output-truncated", "starting", "config-notice", "succeeded"],
  );
});

test("counts bytes, not characters", () => {
  const seen: DeployEvent[] = [];
  const emit = capOutput((event) => seen.push(event), { ...limit, maxBytes: 9 });
  emit(log("€€€"));
  assert.equal(seen[0]?.type, "output-truncated", "3 characters of 3 bytes and a line end exceed 9 bytes");
});
