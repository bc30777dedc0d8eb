import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { BackupStore } from "../backups/backup-store.ts";
import { FakeClock } from "../scheduler/fake-clock.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { BackupSchedules } from "./backup-schedules.ts";

const day = (month: number, date: number) => `${month}-${date}`;
const dayOf = (iso: string) => {
  const at = new Date(iso);
  return day(at.getMonth() + 1, at.getDate());
};

void test("a year of daily scheduled backups keeps exactly 7 daily, 4 weekly and 6 monthly; a failed run takes no slot", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-backup-schedules-")), "hop3.db"));
  const app = new AppStore(db).insert("shop", "h3-shop-000000");
  const store = new BackupStore(db);
  const clock = new FakeClock(new Date(2026, 0, 1, 0, 0).getTime());
  const forgotten: string[] = [];
  const failures: string[] = [];
  const schedules = new BackupSchedules({
    store,
    apps: { require: () => app, find: () => app, byId: (id) => (id === app.id ? app : null) },
    // A backup that takes no time; the one of December 30 fails (repository unreachable).
    backups: {
      run: async (name, trigger) => {
        const now = new Date(clock.now());
        const record = store.begin(name, trigger, now);
        if (now.getMonth() === 11 && now.getDate() === 30) store.fail(record.id, "the repository is unreachable", [], now);
        else store.succeed(record.id, { snapshot: `snap-${record.id}`, stagedPath: "/staging/shop", parts: [], bytes: 1, added: 1 }, now);
        return store.find(name, record.id) ?? record;
      },
    },
    repository: { forget: async (snapshots) => void forgotten.push(...snapshots) },
    clock,
    onFailure: (_app, reason) => failures.push(reason),
  });
  schedules.set("shop", { cron: "0 3 * * *", keepDaily: 7, keepWeekly: 4, keepMonthly: 6 });
  const scheduler = new Scheduler({ clock, onError: (error) => assert.fail(String(error)) });
  scheduler.add({ name: "backup schedules", everyMs: 3 * 60 * 60 * 1000, run: () => schedules.tick() });
  scheduler.start();
  await clock.advance(new Date(2026, 11, 31, 12, 0).getTime() - clock.now());

  const all = store.listOf("shop");
  assert.equal(all.length, 365, "one run a day, from January 1 to December 31");
  assert.ok(all.every((record) => new Date(record.startedAt).getHours() === 3 && new Date(record.startedAt).getMinutes() === 0), "each at 03:00");
  const kept = all.filter((record) => record.status === "succeeded").map((record) => dayOf(record.startedAt));
  assert.deepEqual(kept, [
    // daily: the last 7 days with a succeeded backup (December 30 failed)
    day(12, 31), day(12, 29), day(12, 28), day(12, 27), day(12, 26), day(12, 25), day(12, 24),
    // weekly (weeks from Monday): the newest of the weeks before, beyond the daily ones
    day(12, 20), day(12, 13),
    // monthly: the newest of each month
    day(11, 30), day(10, 31), day(9, 30), day(8, 31), day(7, 31),
  ]);
  assert.deepEqual(all.filter((record) => record.status === "failed").map((record) => dayOf(record.startedAt)), [day(12, 30)], "the failed run is kept as failed, never forgotten");
  assert.deepEqual(failures.map((reason) => reason.replace(/^backup \d+ /, "backup N ")), ["backup N failed: the repository is unreachable"]);
  // restic forgot exactly the others, each once.
  const forgottenIds = all.filter((record) => record.status === "forgotten").map((record) => record.snapshot);
  assert.equal(forgottenIds.length, 365 - 14 - 1);
  assert.deepEqual([...forgotten].sort(), [...forgottenIds].sort());
  assert.equal(new Set(forgotten).size, forgotten.length);
  scheduler.stop();
  db.close();
});

void test("a schedule with a bad cron expression or no retention is refused, naming why", () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-backup-schedules-")), "hop3.db"));
  const app = new AppStore(db).insert("shop", "h3-shop-000000");
  const schedules = new BackupSchedules({
    store: new BackupStore(db),
    apps: { require: () => app, find: () => app, byId: () => app },
    backups: { run: () => assert.fail("no run") },
    repository: { forget: async () => undefined },
    clock: new FakeClock(0),
    onFailure: () => undefined,
  });
  assert.throws(() => schedules.set("shop", { cron: "0 25 * * *", keepDaily: 7, keepWeekly: 0, keepMonthly: 0 }), { code: "BACKUP_SCHEDULE_INVALID", message: /"0 25 \* \* \*" is not valid/ });
  assert.throws(() => schedules.set("shop", { cron: "0 3 * * *", keepDaily: 0, keepWeekly: 0, keepMonthly: 0 }), { code: "BACKUP_SCHEDULE_INVALID", message: /keeps no backup/ });
  assert.equal(schedules.of("shop"), null);
  db.close();
});

void test("a schedule with no succeeded backup in twice its interval is overdue, until one succeeds", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-backup-schedules-")), "hop3.db"));
  const app = new AppStore(db).insert("shop", "h3-shop-000000");
  const store = new BackupStore(db);
  const clock = new FakeClock(new Date(2026, 0, 1, 10, 0).getTime());
  let working = false;
  const schedules = new BackupSchedules({
    store,
    apps: { require: () => app, find: () => app, byId: () => app },
    backups: {
      run: async (name, trigger) => {
        const now = new Date(clock.now());
        const record = store.begin(name, trigger, now);
        if (working) store.succeed(record.id, { snapshot: `snap-${record.id}`, stagedPath: "/s", parts: [], bytes: 1, added: 1 }, now);
        else store.fail(record.id, "the repository is unreachable", [], now);
        return store.find(name, record.id) ?? record;
      },
    },
    repository: { forget: async () => undefined },
    clock,
    onFailure: () => undefined,
  });
  const scheduler = new Scheduler({ clock, onError: (error) => assert.fail(String(error)) });
  scheduler.add({ name: "backup schedules", everyMs: 60 * 60 * 1000, run: () => schedules.tick() });
  scheduler.start();
  schedules.set("shop", { cron: "0 3 * * *", keepDaily: 7, keepWeekly: 0, keepMonthly: 0 });
  const until = async (month: number, date: number, hour: number) => clock.advance(new Date(2026, month, date, hour, 0).getTime() - clock.now());
  // Due first on January 2 at 03:00; the runs of the 2nd, 3rd and 4th fail.
  await until(0, 4, 2);
  assert.equal(schedules.overdue("shop"), false, "two intervals after the first due run have not passed");
  await until(0, 4, 4);
  assert.equal(schedules.overdue("shop"), true, "January 2, 3 and 4 all failed");
  working = true;
  await until(0, 5, 4);
  assert.equal(schedules.overdue("shop"), false, "January 5 succeeded");
  working = false;
  await until(0, 7, 2);
  assert.equal(schedules.overdue("shop"), false);
  await until(0, 7, 4);
  assert.equal(schedules.overdue("shop"), true, "no success since January 5 at 03:00, two days ago");
  scheduler.stop();
  db.close();
});
