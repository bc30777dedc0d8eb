import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { AlertStore } from "./alert-store.ts";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { AlertEngine, type Notice } from "./alert-engine.ts";
import type { Condition } from "./alert-rules.ts";

const down: Condition = { key: "app-down:blog", rule: "app-down", app: "blog", summary: "blog is down" };
const crash: Condition = { key: "crash-loop:shop", rule: "crash-loop", app: "shop", summary: "shop crashes" };

function engine(maxPerHour = 10) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-alerts-"));
  const store = new AlertStore(openDatabase(join(dir, "state.db")), new ConfigCipher(join(dir, "keys", "config.key")));
  const sent: Notice[] = [];
  let now = new Date("2026-12-01T00:00:00Z");
  const alerts = new AlertEngine({ store, send: (notice) => sent.push(notice), server: "example.test", maxPerHour, now: () => now });
  return { store, sent, alerts, tick: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

test("a condition fires once however long it holds, and resolves once", () => {
  const { sent, alerts } = engine();
  alerts.evaluate([down]);
  alerts.evaluate([down]);
  alerts.evaluate([down]);
  alerts.evaluate([]);
  alerts.evaluate([]);
  assert.deepEqual(sent.map((n) => [n.key, n.state]), [["app-down:blog", "firing"], ["app-down:blog", "resolved"]]);
});

test("the state is in the database: a new engine (a server restart) neither repeats the firing notice nor forgets to resolve", () => {
  const { store, sent, alerts } = engine();
  alerts.evaluate([down]);
  const restarted: Notice[] = [];
  const again = new AlertEngine({ store, send: (notice) => restarted.push(notice), server: "example.test", maxPerHour: 10 });
  again.evaluate([down]);
  again.evaluate([]);
  assert.deepEqual(sent.map((n) => n.state), ["firing"]);
  assert.deepEqual(restarted.map((n) => n.state), ["resolved"]);
});

test("a silenced app's alert is recorded, its notices held back; other apps' are sent", () => {
  const { store, sent, alerts } = engine();
  store.silence("blog", "2026-12-01T01:00:00.000Z");
  alerts.evaluate([down, crash]);
  alerts.evaluate([]);
  assert.deepEqual(sent.map((n) => [n.key, n.state]), [["crash-loop:shop", "firing"], ["crash-loop:shop", "resolved"]]);
  assert.equal(store.list().find((row) => row.key === "app-down:blog")?.notified, false);
});

test("beyond the hourly limit notices are held back, and sent again an hour later", () => {
  const { sent, alerts, tick } = engine(1);
  alerts.evaluate([down]);
  alerts.evaluate([down, crash]);
  assert.deepEqual(sent.map((n) => n.key), ["app-down:blog"]);
  alerts.evaluate([]);
  tick(3_600_001);
  alerts.evaluate([crash]);
  assert.deepEqual(sent.map((n) => [n.key, n.state]), [["app-down:blog", "firing"], ["app-down:blog", "resolved"], ["crash-loop:shop", "firing"]]);
});
