import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux architecture Debian ships. */
const ticksPerSecond = 100;
/** Bytes per page of /proc's RSS: 4 KiB on Debian's amd64 and arm64 kernels. */
const pageBytes = 4096;

interface ProcessRow {
  readonly ppid: number;
  readonly cpuMicros: number;
  readonly rssBytes: number;
}

/** What a process tree uses, read from /proc: resident memory (no page cache) and CPU time. */
export interface TreeUsage {
  readonly cpuMicros: number;
  readonly memoryBytes: number;
}

/**
 * One snapshot of /proc's process table (`/proc/PID/stat`, which the kernel lets any user read),
 * for instances in no control group of Hop3's: their usage is that of the process tree under
 * the instance's pid. Resident memory counts no page cache, so it needs no correction.
 */
export class ProcessTable {
  readonly #rows = new Map<number, ProcessRow>();
  readonly #children = new Map<number, number[]>();

  static read(procRoot = "/proc"): ProcessTable {
    const table = new ProcessTable();
    let names: string[];
    try {
      names = readdirSync(procRoot);
    } catch {
      return table;
    }
    for (const name of names) {
      if (!/^\d+$/.test(name)) continue;
      let text: string;
      try {
        text = readFileSync(join(procRoot, name, "stat"), "utf8");
      } catch {
        continue; // Exited meanwhile.
      }
      const row = parseStat(text);
      if (row) table.add(Number(name), row);
    }
    return table;
  }

  add(pid: number, row: ProcessRow): void {
    this.#rows.set(pid, row);
    const siblings = this.#children.get(row.ppid) ?? [];
    siblings.push(pid);
    this.#children.set(row.ppid, siblings);
  }

  /** The usage of `pid` and every process below it; null when `pid` is not running. */
  treeOf(pid: number): TreeUsage | null {
    if (!this.#rows.has(pid)) return null;
    let cpuMicros = 0;
    let memoryBytes = 0;
    const pending = [pid];
    const seen = new Set<number>();
    while (pending.length > 0) {
      const current = pending.pop() as number;
      if (seen.has(current)) continue;
      seen.add(current);
      const row = this.#rows.get(current);
      if (!row) continue;
      cpuMicros += row.cpuMicros;
      memoryBytes += row.rssBytes;
      pending.push(...(this.#children.get(current) ?? []));
    }
    return { cpuMicros, memoryBytes };
  }
}

/** `/proc/PID/stat`: the command name is in parentheses and may hold spaces; fields are counted after it. */
export function parseStat(text: string): ProcessRow | null {
  const end = text.lastIndexOf(")");
  if (end < 0) return null;
  // Fields from the 3rd (state) on: ppid is the 4th, utime/stime the 14th/15th, rss the 24th.
  const fields = text.slice(end + 2).trim().split(" ");
  const at = (field: number) => Number(fields[field - 3]);
  const [ppid, utime, stime, rss] = [at(4), at(14), at(15), at(24)];
  if (![ppid, utime, stime, rss].every(Number.isFinite)) return null;
  return { ppid, cpuMicros: ((utime + stime) * 1_000_000) / ticksPerSecond, rssBytes: rss * pageBytes };
}
