import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateRules, type RuleInputs } from "./alert-rules.ts";

const healthy: RuleInputs["apps"][number] = { name: "blog", failedInstances: [], failedRelease: null, down: null, nearMemoryLimit: [] };
const thresholds = { diskPercent: 90, memoryPercent: 90 };

test("a healthy app on a roomy disk raises nothing", () => {
  assert.deepEqual(evaluateRules({ apps: [healthy], disk: { usedPercent: 40, path: "/var/lib/hop3" }, thresholds }), []);
});

test("a certificate expiring within 14 days or expired fires; one still being obtained does not", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const app = (certificates: NonNullable<RuleInputs["apps"][number]["certificates"]>) => evaluateRules({ apps: [{ ...healthy, certificates }], disk: null, thresholds, now });
  assert.deepEqual(app([{ host: "blog.example.org", status: "valid", notAfter: "2027-02-01T00:00:00Z" }, { host: "new.example.org", status: "pending", notAfter: null }]), []);
  const expiring = app([{ host: "blog.example.org", status: "valid", notAfter: "2026-12-10T00:00:00Z" }, { host: "old.example.org", status: "expired", notAfter: "2026-11-01T00:00:00Z" }]);
  assert.equal(expiring[0]?.key, "certificate-expiry:blog");
  assert.match(expiring[0]?.summary ?? "", /blog\.example\.org expires 2026-12-10, old\.example\.org has expired/);
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

test("a filesystem mounted below the state root fires disk-full of its own when full", () => {
  const conditions = evaluateRules({ apps: [], disk: { usedPercent: 40, path: "/var/lib/hop3" }, mounts: [{ usedPercent: 95, path: "/var/lib/hop3/backups" }, { usedPercent: 10, path: "/var/lib/hop3/apps" }], thresholds });
  assert.deepEqual(conditions.map((c) => [c.key, c.rule, c.app]), [["disk-full:/var/lib/hop3/backups", "disk-full", null]]);
  assert.match(conditions[0]?.summary ?? "", /mounted on \/var\/lib\/hop3\/backups is 95% full/);
});

test("a short-lived certificate (an internal CA's, 12 hours) fires only when a quarter of its lifetime is left", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const cert = (notBefore: string, notAfter: string, automatic = true) => evaluateRules({ apps: [{ ...healthy, certificates: [{ host: "blog.internal", status: "valid", notBefore, notAfter, automatic }] }], disk: null, thresholds, now });
  assert.deepEqual(cert("2026-12-01T06:00:00Z", "2026-12-01T18:00:00Z"), [], "6 of 12 hours left: renewal is not due yet");
  assert.equal(cert("2026-12-01T00:00:00Z", "2026-12-01T14:00:00Z")[0]?.key, "certificate-expiry:blog", "2 of 14 hours left: it should have been renewed");
  assert.equal(cert("2026-11-01T00:00:00Z", "2026-12-10T00:00:00Z")[0]?.key, "certificate-expiry:blog", "a long-lived one: within 14 days");
  assert.equal(cert("2026-11-30T00:00:00Z", "2026-12-10T00:00:00Z", false)[0]?.key, "certificate-expiry:blog", "a custom one (renewed by hand), however short-lived: within 14 days");
});
