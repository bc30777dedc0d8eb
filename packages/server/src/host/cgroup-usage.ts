import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What the kernel counts for one control group; a figure is null when its controller is not on the group. */
export interface GroupUsage {
  /** CPU time used since the group was made, in microseconds. */
  readonly cpuMicros: number | null;
  /** Working set: usage minus inactive file pages (the page cache the kernel can drop), `docker stats`' definition. */
  readonly memoryBytes: number | null;
  /** The group's memory limit, null when none. */
  readonly memoryLimitBytes: number | null;
}

/** A memory "limit" at or above this is the kernel's "none" (v1 prints a page-rounded LONG_MAX). */
const noLimitAbove = 2 ** 60;

/**
 * Reads the usage of the control group a process is in, when that group is one of Hop3's
 * (`/hop3/...`, made per start of a command by exec/resource-groups.ts): cgroup v2, or the v1
 * per-controller hierarchies of a hybrid host. Only the kernel's own files are read (cgroupfs
 * and /proc/PID/cgroup), never anything the app controls; the daemon needs no privilege for them.
 */
export class CgroupUsage {
  readonly #root: string;
  readonly #proc: string;
  readonly #v2: boolean;
  readonly #base: string;

  constructor(options: { readonly cgroupRoot?: string; readonly procRoot?: string; readonly base?: string } = {}) {
    this.#root = options.cgroupRoot ?? "/sys/fs/cgroup";
    this.#proc = options.procRoot ?? "/proc";
    this.#base = `/${options.base ?? "hop3"}/`;
    this.#v2 = readText(join(this.#root, "cgroup.controllers")) !== null;
  }

  /** The usage of `pid`'s Hop3 group, or null when it is in none (no limits asked for, or not confined). */
  ofProcess(pid: number): GroupUsage | null {
    const table = readText(join(this.#proc, String(pid), "cgroup"));
    if (table === null) return null;
    const paths = groupPaths(table);
    return this.#v2 ? this.#readV2(paths.get("") ?? null) : this.#readV1(paths);
  }

  #ours(path: string | null | undefined): path is string {
    return path !== null && path !== undefined && path.startsWith(this.#base);
  }

  #readV2(path: string | null): GroupUsage | null {
    if (!this.#ours(path)) return null;
    const dir = join(this.#root, path);
    const cpu = statField(readText(join(dir, "cpu.stat")), "usage_usec");
    const current = numberIn(readText(join(dir, "memory.current")));
    const inactive = statField(readText(join(dir, "memory.stat")), "inactive_file") ?? 0;
    return { cpuMicros: cpu, memoryBytes: current === null ? null : Math.max(0, current - inactive), memoryLimitBytes: limitIn(readText(join(dir, "memory.max"))) };
  }

  #readV1(paths: ReadonlyMap<string, string>): GroupUsage | null {
    const memoryPath = paths.get("memory");
    const cpuPath = paths.get("cpuacct");
    const memory = this.#ours(memoryPath) ? join(this.#root, "memory", memoryPath) : null;
    const cpu = this.#ours(cpuPath) ? join(this.#root, "cpuacct", cpuPath) : null;
    if (memory === null && cpu === null) return null;
    const nanos = cpu === null ? null : numberIn(readText(join(cpu, "cpuacct.usage")));
    const usage = memory === null ? null : numberIn(readText(join(memory, "memory.usage_in_bytes")));
    const stat = memory === null ? null : readText(join(memory, "memory.stat"));
    // total_ counts the group's descendants too; the group's own figure otherwise.
    const inactive = statField(stat, "total_inactive_file") ?? statField(stat, "inactive_file") ?? 0;
    return {
      cpuMicros: nanos === null ? null : Math.round(nanos / 1000),
      memoryBytes: usage === null ? null : Math.max(0, usage - inactive),
      memoryLimitBytes: memory === null ? null : limitIn(readText(join(memory, "memory.limit_in_bytes"))),
    };
  }
}

/**
 * `/proc/PID/cgroup` as controller -> path: v2's single line under "", each v1 controller
 * under its name (a joint `cpu,cpuacct` line under both).
 */
export function groupPaths(table: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of table.split("\n")) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const [, controllers = "", path = ""] = match;
    if (controllers === "") paths.set("", path);
    else for (const controller of controllers.split(",")) paths.set(controller, path);
  }
  return paths;
}

function statField(text: string | null, name: string): number | null {
  if (text === null) return null;
  const match = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
  return match ? Number(match[1]) : null;
}

function numberIn(text: string | null): number | null {
  if (text === null) return null;
  const value = Number(text.trim());
  return Number.isFinite(value) && text.trim() !== "" ? value : null;
}

function limitIn(text: string | null): number | null {
  const value = numberIn(text);
  return value === null || value >= noLimitAbove ? null : value;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
