import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { MetricsHistory } from "./metrics-history.ts";

const t0 = 1_800_000_000 - (1_800_000_000 % 3600);

function history(): MetricsHistory {
  return new MetricsHistory(openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-metrics-")), "state.db")));
}

test("samples are averaged per minute, and written when the next minute starts", () => {
  const h = history();
  h.record(t0 + 5, [{ appId: 1, name: "cpuPercent", value: 10 }]);
  h.record(t0 + 15, [{ appId: 1, name: "cpuPercent", value: 30 }]);
  assert.deepEqual(h.query(1, 3600, t0 + 30).points, [], "the minute in progress is not written yet");
  h.record(t0 + 65, [{ appId: 1, name: "cpuPercent", value: 50 }]);
  assert.deepEqual(h.query(1, 3600, t0 + 70), { step: 60, points: [{ at: t0, values: { cpuPercent: 20 } }] });
  assert.deepEqual(h.query(2, 3600, t0 + 70).points, [], "another app's series is its own");
});

test("finished hours are rolled up; minute points go after 24 h, hour points after 30 days", () => {
  const h = history();
  for (let minute = 0; minute < 121; minute += 1) h.record(t0 + minute * 60, [{ appId: 1, name: "memoryBytes", value: minute < 60 ? 100 : 300 }]);
  h.flush(t0 + 121 * 60);
  assert.deepEqual(h.query(1, 40 * 86_400, t0 + 121 * 60), { step: 3600, points: [{ at: t0, values: { memoryBytes: 100 } }, { at: t0 + 3600, values: { memoryBytes: 300 } }] });
  h.flush(t0 + 27 * 3600);
  assert.deepEqual(h.query(1, 86_400, t0 + 27 * 3600).points, [], "minute points older than 24 h are gone");
  assert.equal(h.query(1, 30 * 86_400, t0 + 27 * 3600).points.length, 3, "hour points stay (the last, partial hour rolled up too)");
  h.flush(t0 + 31 * 86_400);
  assert.equal(h.rowCount(), 0, "everything is gone after 30 days");
});
