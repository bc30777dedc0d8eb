import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { BackupStore } from "../backups/backup-store.ts";
import { backupHealth } from "../operations/backups-of.ts";
import { AlertStore } from "./alert-store.ts";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { AlertEngine, type Notice } from "./alert-engine.ts";
import { evaluateRules } from "./alert-rules.ts";
import { gatherRuleInputs } from "./rule-inputs.ts";

/** The rules fed from a real backup store, as the metrics job evaluates them; the schedule's overdue flag is set by hand. */
function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "hop3-backup-alerts-"));
  const db = openDatabase(join(dir, "state.db"));
  const backups = new BackupStore(db);
  let overdue = false;
  const sent: Notice[] = [];
  const alerts = new AlertEngine({ store: new AlertStore(db, new ConfigCipher(join(dir, "config.key"))), send: (notice) => sent.push(notice), server: "example.test", maxPerHour: 10 });
  const evaluate = () =>
    alerts.evaluate(
      evaluateRules(
        gatherRuleInputs({
          apps: () => [{ id: 1, name: "shop" }],
          supervisor: { unitsOf: () => [] },
          releases: { list: () => [] },
          uptime: () => undefined,
          snapshot: () => null,
          statePath: "/var/lib/hop3",
          thresholds: { diskPercent: 90, memoryPercent: 90 },
          backups: (app) => backupHealth(backups, { overdue: () => overdue }, app),
        }),
      ),
    );
  return { backups, sent, evaluate, setOverdue: (value: boolean) => (overdue = value) };
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 3, minute));

void test("a failed backup fires backup-failed with its reason, once; the next backup that succeeds resolves it", () => {
  const { backups, sent, evaluate } = setUp();
  const first = backups.begin("shop", "schedule", at(0));
  backups.succeed(first.id, { snapshot: "abc", stagedPath: "/s", parts: [], bytes: 1, added: 1 }, at(1));
  evaluate();
  const failed = backups.begin("shop", "schedule", at(2));
  backups.fail(failed.id, 'Dumping the postgres addon "shop-db" of "shop" failed: connection refused', [], at(3));
  evaluate();
  evaluate();
  // A backup running is not yet a success: the alert holds.
  const retry = backups.begin("shop", "manual", at(4));
  evaluate();
  backups.succeed(retry.id, { snapshot: "def", stagedPath: "/s", parts: [], bytes: 1, added: 1 }, at(5));
  evaluate();
  assert.deepEqual(sent.map((n) => [n.key, n.state]), [["backup-failed:shop", "firing"], ["backup-failed:shop", "resolved"]]);
  assert.match(sent[0]?.summary ?? "", /shop: backup 2 failed: Dumping the postgres addon "shop-db" of "shop" failed: connection refused \(hop3 backups shop\)/);
});

void test("a schedule with no successful backup in twice its interval fires backup-overdue; resolved once it is not overdue", () => {
  const { sent, evaluate, setOverdue } = setUp();
  evaluate();
  setOverdue(true);
  evaluate();
  evaluate();
  setOverdue(false);
  evaluate();
  assert.deepEqual(sent.map((n) => [n.key, n.state]), [["backup-overdue:shop", "firing"], ["backup-overdue:shop", "resolved"]]);
  assert.match(sent[0]?.summary ?? "", /no successful backup in twice its interval/);
});
