import { readFileSync, statfsSync } from "node:fs";
import { cpus } from "node:os";

/** The host's figures at one moment. CPU is cumulative: a rate needs two readings. */
export interface HostReading {
  /** Busy and total CPU time of all cores since boot, in clock ticks (`/proc/stat`). */
  readonly cpuBusyTicks: number;
  readonly cpuTotalTicks: number;
  readonly cores: number;
  readonly memoryTotalBytes: number;
  /** MemTotal minus MemAvailable: what the kernel could not hand out without swapping (page cache excluded). */
  readonly memoryUsedBytes: number;
  readonly diskTotalBytes: number;
  readonly diskUsedBytes: number;
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
}

/** Reads the host's CPU, memory and load from /proc, and the disk holding `statePath`. */
export function readHost(statePath: string, procRoot = "/proc"): HostReading {
  const cpuLine = /^cpu (.*)$/m.exec(readFileSync(`${procRoot}/stat`, "utf8"))?.[1] ?? "";
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const ticks = cpuLine.trim().split(/\s+/).slice(0, 8).map(Number);
  const total = ticks.reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const meminfo = readFileSync(`${procRoot}/meminfo`, "utf8");
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(meminfo)?.[1] ?? 0) * 1024;
  const [load1 = 0, load5 = 0, load15 = 0] = readFileSync(`${procRoot}/loadavg`, "utf8").split(" ").slice(0, 3).map(Number);
  const disk = statfsSync(statePath);
  const diskTotal = disk.blocks * disk.bsize;
  return {
    cpuBusyTicks: total - idle,
    cpuTotalTicks: total,
    cores: cpus().length || 1,
    memoryTotalBytes: kib("MemTotal"),
    memoryUsedBytes: Math.max(0, kib("MemTotal") - kib("MemAvailable")),
    diskTotalBytes: diskTotal,
    diskUsedBytes: diskTotal - disk.bfree * disk.bsize,
    load1,
    load5,
    load15,
  };
}
