import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { BackupStore } from "../backups/backup-store.ts";
import { DrillStore } from "../backups/drill-store.ts";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { FakeClock } from "../scheduler/fake-clock.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { AlertStore } from "./alert-store.ts";
import { AlertEngine, type Notice } from "./alert-engine.ts";
import { evaluateRules } from "./alert-rules.ts";
import { gatherRuleInputs } from "./rule-inputs.ts";
import { BackupDrills } from "../operations/backup-drills.ts";
import { backupHealth } from "../operations/backups-of.ts";

void test("a weekly drill runs on its schedule; a drill that fails raises backup-drill-failed with the reason until a drill succeeds", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-backup-drills-"));
  const db = openDatabase(join(dir, "hop3.db"));
  const app = new AppStore(db).insert("shop", "h3-shop-000000");
  const clock = new FakeClock(new Date(2026, 0, 1, 0, 0).getTime()); // a Thursday
  const drilled: string[] = [];
  const failures: string[] = [];
  // The drill of the third Sunday finds a backup whose app no longer starts.
  const drills = new BackupDrills({
    store: new DrillStore(db),
    apps: { require: () => app, find: (name) => (name === "shop" ? app : null), byId: (id) => (id === app.id ? app : null) },
    verify: {
      verify: async (name) => {
        const now = new Date(clock.now());
        drilled.push(`${now.getMonth() + 1}-${now.getDate()} ${now.getHours()}h`);
        if (drilled.length === 3) throw new Hop3Error("BACKUP_VERIFY_FAILED", `The restore drill of backup 3 of "${name}" failed: the health check got no answer`);
        return { app: name, backup: 1, repository: "ok", drill: { app: `${name}-drill-abcdef`, release: 1, seconds: 1 } };
      },
    },
    clock,
    onFailure: (_app, reason) => failures.push(reason),
  });
  assert.throws(() => drills.set("shop", "0 4 * * 8"), /not valid/);
  drills.set("shop", "0 4 * * 0");
  assert.deepEqual(drills.of("shop"), { cron: "0 4 * * 0", last: null });

  const sent: Notice[] = [];
  const alerts = new AlertEngine({ store: new AlertStore(db, new ConfigCipher(join(dir, "config.key"))), send: (notice) => sent.push(notice), server: "example.test", maxPerHour: 10 });
  const evaluate = () =>
    alerts.evaluate(
      evaluateRules(
        gatherRuleInputs({
          apps: () => [{ id: app.id, name: "shop" }],
          supervisor: { unitsOf: () => [] },
          releases: { list: () => [] },
          uptime: () => undefined,
          snapshot: () => null,
          statePath: "/var/lib/hop3",
          thresholds: { diskPercent: 90, memoryPercent: 90 },
          backups: (name) => backupHealth(new BackupStore(db), { overdue: () => false }, name, drills),
        }),
      ),
    );
  const scheduler = new Scheduler({ clock, onError: (error) => assert.fail(String(error)) });
  scheduler.add({ name: "backup schedules", everyMs: 30 * 60 * 1000, run: () => drills.tick() });
  scheduler.add({ name: "alerts", everyMs: 60 * 60 * 1000, run: async () => evaluate() });
  scheduler.start();
  await clock.advance(new Date(2026, 0, 31, 12, 0).getTime() - clock.now());

  assert.deepEqual(drilled, ["1-4 4h", "1-11 4h", "1-18 4h", "1-25 4h"], "once a week, on Sundays at 4");
  assert.equal(failures.length, 1);
  assert.match(failures[0] ?? "", /restore drill of backup 3 of "shop" failed/);
  assert.deepEqual(sent.map((notice) => [notice.key, notice.state]), [["backup-drill-failed:shop", "firing"], ["backup-drill-failed:shop", "resolved"]]);
  assert.match(sent[0]?.summary ?? "", /shop: its scheduled restore drill failed: .*health check got no answer/);
  assert.equal(drills.of("shop")?.last?.status, "succeeded");
});
