import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateRules, type RuleInputs } from "./alert-rules.ts";

const healthy: RuleInputs["apps"][number] = { name: "blog", failedInstances: [], failedRelease: null, down: null, nearMemoryLimit: [] };
const thresholds = { diskPercent: 90, memoryPercent: 90 };

test("a healthy app on a roomy disk raises nothing", () => {
  assert.deepEqual(evaluateRules({ apps: [healthy], disk: { usedPercent: 40, path: "/var/lib/hop3" }, thresholds }), []);
});

test("each rule keys its alert by rule and app, and says what to run", () => {
  const conditions = evaluateRules({
    apps: [{ name: "blog", failedInstances: ["web.1"], failedRelease: 7, down: { failures: 3, detail: "GET /health: status 500" }, nearMemoryLimit: [{ instance: "web.1", bytes: 240 * 1048576, limit: 256 * 1048576 }] }],
    disk: { usedPercent: 93.4, path: "/var/lib/hop3" },
    thresholds,
  });
  assert.deepEqual(conditions.map((c) => c.key), ["crash-loop:blog", "deploy-failed:blog", "app-down:blog", "memory-near-limit:blog", "disk-full"]);
  assert.match(conditions[0]?.summary ?? "", /web\.1 crashed repeatedly .*hop3 logs blog/);
  assert.match(conditions[1]?.summary ?? "", /release v7 failed \(hop3 releases:output blog 7\)/);
  assert.match(conditions[3]?.summary ?? "", /web\.1 uses 240 MiB of its 256 MiB limit \(over 90%\)/);
  assert.match(conditions[4]?.summary ?? "", /93% full \(threshold 90%\)/);
});
