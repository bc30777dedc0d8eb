import { test } from "node:test";
import assert from "node:assert/strict";
import { withAlerts } from "./alert-attention.ts";

const fine = { rank: 2, reason: null } as const;
const alert = (rule: string, app: string | null, state: "firing" | "resolved" = "firing") => ({ rule, app, state, summary: `${app}: ${rule}` });

test("a failed backup puts an app first and an expiring certificate with the degraded, each saying why", () => {
  assert.deepEqual(withAlerts(fine, [alert("backup-failed", "shop")], "shop"), { rank: 0, reason: "shop: backup-failed" });
  assert.deepEqual(withAlerts(fine, [alert("certificate-expiry", "shop")], "shop"), { rank: 1, reason: "shop: certificate-expiry" });
  const down = { rank: 0, reason: "down: nothing is serving" } as const;
  assert.deepEqual(withAlerts(down, [alert("certificate-expiry", "shop")], "shop"), { rank: 0, reason: "down: nothing is serving; shop: certificate-expiry" });
});

test("resolved alerts, other apps' alerts and other rules change nothing", () => {
  assert.deepEqual(withAlerts(fine, [alert("backup-failed", "shop", "resolved"), alert("backup-failed", "blog"), alert("memory-near-limit", "shop"), alert("disk-full", null)], "shop"), fine);
});
