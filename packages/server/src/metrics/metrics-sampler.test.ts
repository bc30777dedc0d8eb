import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { InstanceUsageBoard } from "../runtime/instance-usage.ts";
import { ProcessTable } from "../host/process-table.ts";
import type { GroupUsage } from "../host/cgroup-usage.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import { MetricsHistory } from "./metrics-history.ts";
import { MetricsSampler } from "./metrics-sampler.ts";

const unit = (app: string, pid: number) => ({ state: "running", pid, restarts: 1, startedAt: new Date(0), spec: { app, type: "web", index: 1 } }) as unknown as ProcessUnit;
const host = { cpuBusyTicks: 0, cpuTotalTicks: 0, cores: 2, memoryTotalBytes: 1, memoryUsedBytes: 1, diskTotalBytes: 1, diskUsedBytes: 0, load1: 0, load5: 0, load15: 0 };

test("CPU is a rate between two samples; a group's figures first, the process tree where the group has none", () => {
  let now = 0;
  let groupCpu = 0;
  let treeCpu = 0;
  const groups = { ofProcess: (pid: number): GroupUsage | null => (pid === 10 ? { cpuMicros: groupCpu, memoryBytes: 5000, memoryLimitBytes: 9000 } : null) };
  const board = new InstanceUsageBoard();
  const sampler = new MetricsSampler({
    supervisor: { allUnits: () => [unit("a", 10), unit("b", 20)] },
    appIds: () => new Map([["a", 1], ["b", 2]]),
    groups,
    board,
    history: new MetricsHistory(openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-sampler-")), "state.db"))),
    paths: { state: "/", data: () => "/nonexistent", home: () => "/nonexistent", releases: () => "/nonexistent", logs: () => "/nonexistent" },
    diskEveryMs: 1e9,
    now: () => now,
    readHost: () => host,
    processTable: () => {
      const table = new ProcessTable();
      table.add(20, { ppid: 1, cpuMicros: treeCpu, rssBytes: 700 });
      return table;
    },
  });
  const first = sampler.sample();
  assert.deepEqual(first.instances.map((i) => i.cpuPercent), [null, null], "no rate from one reading");
  now = 10_000;
  groupCpu = 5_000_000; // 5 s of CPU in 10 s: 50 %
  treeCpu = 1_000_000;
  const second = sampler.sample();
  assert.deepEqual(second.instances.map((i) => [i.app, i.cpuPercent, i.memoryBytes, i.memoryLimitBytes]), [["a", 50, 5000, 9000], ["b", 10, 700, null]]);
  assert.equal(board.of(10)?.cpuPercent, 50, "ps reads the same figures");
});
