/**
 * Metrics sampling benchmark (ADR 46): the daemon's CPU spent on one sample of 50 running
 * instances (the real readers: control groups, else /proc, and the host's figures), as a share of
 * one core at the default 10 s interval, beside an idle baseline (the same loop sampling nothing);
 * and the history's size on disk after 30 simulated days of 50 apps. The share must stay under 1%.
 * Run: `node bench/metrics-sampling.ts [instances]` (no root needed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../packages/server/src/store/database.ts";
import { CgroupUsage } from "../packages/server/src/host/cgroup-usage.ts";
import { InstanceUsageBoard } from "../packages/server/src/runtime/instance-usage.ts";
import { MetricsHistory } from "../packages/server/src/metrics/metrics-history.ts";
import { MetricsSampler } from "../packages/server/src/metrics/metrics-sampler.ts";
import type { ProcessUnit } from "../packages/server/src/runtime/process-unit.ts";

const count = Number(process.argv[2] ?? 50);
const intervalMs = 10_000;
const rounds = 200;

function fakeUnits(children: readonly ChildProcess[]): ProcessUnit[] {
  return children.map((child, i) => ({ state: "running", pid: child.pid ?? null, restarts: 0, startedAt: new Date(), spec: { app: `app${i}`, type: "web", index: 1 } }) as unknown as ProcessUnit);
}

function cpuMicrosOf(run: () => void): number {
  const before = process.cpuUsage();
  for (let i = 0; i < rounds; i++) run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / rounds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hop3-bench-metrics-"));
  const children = Array.from({ length: count }, () => spawn("sleep", ["600"], { stdio: "ignore" }));
  try {
    const db = openDatabase(join(dir, "state.db"));
    const units = fakeUnits(children);
    const appIds = new Map(units.map((unit, i) => [unit.spec.app, i + 1]));
    const sampler = (list: ProcessUnit[]) =>
      new MetricsSampler({
        supervisor: { allUnits: () => list },
        appIds: () => (list.length === 0 ? new Map() : appIds),
        groups: new CgroupUsage(),
        board: new InstanceUsageBoard(),
        history: new MetricsHistory(db),
        paths: { state: dir, data: () => join(dir, "none"), home: () => join(dir, "none"), releases: () => join(dir, "none"), logs: () => join(dir, "none") },
        diskEveryMs: Number.POSITIVE_INFINITY,
      });
    const busy = sampler(units);
    const idle = sampler([]);
    busy.sample();
    idle.sample();
    const perSample = cpuMicrosOf(() => busy.sample());
    const perIdle = cpuMicrosOf(() => idle.sample());
    const share = (micros: number) => (micros / (intervalMs * 1000)) * 100;
    console.log(`sampling ${count} instances (mean of ${rounds} samples):`);
    console.log(`  CPU per sample: ${(perSample / 1000).toFixed(2)} ms; idle baseline (host figures only): ${(perIdle / 1000).toFixed(2)} ms`);
    console.log(`  share of one core at a ${intervalMs / 1000} s interval: ${share(perSample).toFixed(3)}% (baseline ${share(perIdle).toFixed(3)}%, limit 1%)`);

    // 30 days of 50 apps, one averaged point a minute per series (what the sampler writes).
    const historyDb = openDatabase(join(dir, "history.db"));
    // 43,200 minutes in a row: no fsync per simulated minute (the size is what is measured, not the time).
    historyDb.exec("PRAGMA synchronous = OFF");
    const history = new MetricsHistory(historyDb);
    const start = 1_800_000_000 - (1_800_000_000 % 3600);
    const values = Array.from({ length: 50 }, (_, app) => ["cpuPercent", "memoryBytes", "restarts", "instances", "diskBytes"].map((name) => ({ appId: app + 1, name, value: Math.random() * 1e8 }))).flat();
    const minutes = 30 * 24 * 60;
    const started = Date.now();
    for (let minute = 0; minute <= minutes; minute++) history.record(start + minute * 60, values);
    history.flush(start + minutes * 60 + 60);
    const points = history.rowCount();
    historyDb.exec("PRAGMA wal_checkpoint(TRUNCATE); VACUUM");
    historyDb.close();
    console.log(`history after 30 simulated days, 50 apps (${((Date.now() - started) / 1000).toFixed(0)} s to simulate): ${points} points, ${(statSync(join(dir, "history.db")).size / 1024 / 1024).toFixed(1)} MiB on disk`);
    db.close();
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
