import { test } from "node:test";
import assert from "node:assert/strict";
import { gatherRuleInputs, type RuleInputSources } from "./rule-inputs.ts";

/** The rule inputs of one app whose releases, newest first, have these statuses. */
function failedRelease(statuses: readonly string[]): number | null {
  const releases = statuses.map((status, index) => ({ number: statuses.length - index, status }));
  const inputs = gatherRuleInputs({
    apps: () => [{ id: 1, name: "blog" }],
    supervisor: { unitsOf: () => [] },
    releases: { list: () => releases } as unknown as RuleInputSources["releases"],
    uptime: () => undefined,
    snapshot: () => null,
    statePath: "/var/lib/hop3",
    thresholds: { diskPercent: 90, memoryPercent: 90 },
  });
  return inputs.apps[0]?.failedRelease ?? null;
}

test("deploy-failed looks at the newest finished release: a deploy in progress neither resolves nor fires it", () => {
  assert.equal(failedRelease(["failed", "succeeded"]), 2);
  assert.equal(failedRelease(["building", "failed", "succeeded"]), 2, "still failed while the next deploy builds");
  assert.equal(failedRelease(["succeeded", "failed"]), null, "fixed by the next deploy that succeeds");
  assert.equal(failedRelease(["building", "succeeded"]), null);
});
