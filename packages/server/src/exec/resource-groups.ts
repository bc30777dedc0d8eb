import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResourceLimits } from "../core/confinement.ts";

/** The kernel's resource controllers Hop3 uses. */
export type Controller = "memory" | "pids" | "cpu";

const controllers: readonly Controller[] = ["memory", "pids", "cpu"];
const cpuPeriodMicros = 100_000;
/** A group made this recently may still be waiting for its process to join: never swept. */
const joinGraceMs = 60_000;

/** A group made for one start of a command: the files its first process joins. */
export interface PreparedGroup {
  /** `cgroup.procs` files to write the process id to, before it runs the command. */
  readonly procs: readonly string[];
  /** Limits asked for that the kernel offers no controller for, in words. */
  readonly notApplied: readonly string[];
}

/**
 * Control groups under `<cgroupfs>/hop3/…` (v2, or the v1 per-controller hierarchies), one per
 * start of an app's command: memory, process count and CPU limits that hold for the whole
 * process tree, which cannot leave the group. Only root can make groups; without a writable
 * controller the limit is reported as not applied, never silently dropped.
 */
export class ResourceGroups {
  readonly #v2Root: string | null;
  readonly #v1Roots: ReadonlyMap<Controller, string>;
  readonly #base: string;
  /** Groups made by this server, and when: empty because their process has not joined yet. */
  readonly #madeAt = new Map<string, number>();

  constructor(options: { readonly cgroupRoot?: string; readonly base?: string } = {}) {
    const root = options.cgroupRoot ?? "/sys/fs/cgroup";
    this.#base = options.base ?? "hop3";
    this.#v2Root = isV2(root) ? root : null;
    const v1 = new Map<Controller, string>();
    if (this.#v2Root === null) {
      for (const controller of controllers) {
        const dir = join(root, controller);
        if (writable(join(dir, "cgroup.procs"))) v1.set(controller, dir);
      }
    }
    this.#v1Roots = v1;
  }

  /** The controllers groups can use on this host. */
  available(): Controller[] {
    if (this.#v2Root !== null) {
      const offered = readFileSync(join(this.#v2Root, "cgroup.controllers"), "utf8").split(/\s+/);
      return controllers.filter((c) => offered.includes(c) && writable(join(this.#v2Root as string, "cgroup.subtree_control")));
    }
    return [...this.#v1Roots.keys()];
  }

  /** Makes the group (`owner/name`) with its limits; empty groups left by earlier starts of the owner are removed. */
  prepare(group: string, limits: ResourceLimits): PreparedGroup {
    const owner = group.split("/")[0] ?? group;
    this.sweep(owner);
    const wanted = wantedControllers(limits);
    const available = new Set(this.available());
    const notApplied = wanted.filter((c) => !available.has(c)).map((c) => `${describe(c, limits)} (no writable ${c} controller)`);
    const procs = this.#v2Root !== null ? this.#prepareV2(group, limits, wanted, available) : this.#prepareV1(group, limits, wanted, available);
    this.#madeAt.set(group, Date.now());
    return { procs, notApplied };
  }

  /** How many times the kernel killed a process of the group for exceeding its memory limit. */
  oomKills(group: string): number {
    const file = this.#v2Root !== null ? join(this.#v2Root, this.#base, group, "memory.events") : this.#v1Roots.has("memory") ? join(this.#v1Roots.get("memory") as string, this.#base, group, "memory.oom_control") : null;
    if (file === null || !existsSync(file)) return 0;
    const match = /^oom_kill (\d+)$/m.exec(readFileSync(file, "utf8"));
    return match ? Number(match[1]) : 0;
  }

  /**
   * Kills every process of the group at once, wherever it moved in its process tree (a new
   * session or process group does not leave the control group): `cgroup.kill` on v2, each
   * listed process on v1. Quietly does nothing for a group that is gone.
   */
  kill(group: string): void {
    if (this.#v2Root !== null) {
      const file = join(this.#v2Root, this.#base, group, "cgroup.kill");
      if (existsSync(file)) {
        try {
          writeFileSync(file, "1");
          return;
        } catch {
          // Kernels before 5.14 have no cgroup.kill: fall back to the process list.
        }
      }
    }
    for (const root of this.#roots()) {
      let pids: string[];
      try {
        pids = readFileSync(join(root, this.#base, group, "cgroup.procs"), "utf8").split("\n").filter((line) => /^\d+$/.test(line));
      } catch {
        continue;
      }
      for (const pid of pids) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
  }

  /**
   * Removes the owner's groups that no process uses any more (the kernel refuses busy ones),
   * except those made in the last minute: their process may not have joined yet.
   */
  sweep(owner: string, now = Date.now()): void {
    for (const [group, madeAt] of this.#madeAt) if (now - madeAt > joinGraceMs) this.#madeAt.delete(group);
    for (const root of this.#roots()) {
      const dir = join(root, this.#base, owner);
      let names: string[];
      try {
        names = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      } catch {
        continue;
      }
      for (const name of names) if (!this.#madeAt.has(`${owner}/${name}`)) tryRmdir(join(dir, name));
    }
  }

  /** Removes every group of an owner (its app is destroyed), and the owner's directory. */
  removeOwner(owner: string): void {
    this.sweep(owner, Number.POSITIVE_INFINITY);
    for (const root of this.#roots()) tryRmdir(join(root, this.#base, owner));
  }

  #roots(): string[] {
    return this.#v2Root !== null ? [this.#v2Root] : [...this.#v1Roots.values()];
  }

  /**
   * The sandbox shows a process its own group by binding it as the app's user (ADR 36): the
   * group can be read, the levels above only crossed, whatever the server's umask.
   */
  #openToProcess(root: string, group: string): void {
    const [owner = group, name = ""] = group.split("/");
    chmodSync(join(root, this.#base), 0o711);
    chmodSync(join(root, this.#base, owner), 0o711);
    chmodSync(join(root, this.#base, owner, name), 0o755);
  }

  #prepareV1(group: string, limits: ResourceLimits, wanted: readonly Controller[], available: ReadonlySet<Controller>): string[] {
    const procs: string[] = [];
    for (const controller of wanted.filter((c) => available.has(c))) {
      const dir = join(this.#v1Roots.get(controller) as string, this.#base, group);
      mkdirSync(dir, { recursive: true });
      this.#openToProcess(this.#v1Roots.get(controller) as string, group);
      writeLimitsV1(dir, controller, limits);
      procs.push(join(dir, "cgroup.procs"));
    }
    return procs;
  }

  #prepareV2(group: string, limits: ResourceLimits, wanted: readonly Controller[], available: ReadonlySet<Controller>): string[] {
    const usable = wanted.filter((c) => available.has(c));
    if (usable.length === 0) return [];
    const root = this.#v2Root as string;
    const enable = usable.map((c) => `+${c}`).join(" ");
    // Controllers are handed down level by level; only leaves hold processes (v2's rule).
    let dir = root;
    for (const part of [this.#base, ...group.split("/")]) {
      writeFileSync(join(dir, "cgroup.subtree_control"), enable);
      dir = join(dir, part);
      mkdirSync(dir, { recursive: true });
    }
    this.#openToProcess(root, group);
    if (limits.memoryBytes !== null) {
      writeFileSync(join(dir, "memory.max"), String(limits.memoryBytes));
      if (existsSync(join(dir, "memory.swap.max"))) writeFileSync(join(dir, "memory.swap.max"), "0");
    }
    if (limits.maxProcesses !== null) writeFileSync(join(dir, "pids.max"), String(limits.maxProcesses));
    if (limits.cpus !== null) writeFileSync(join(dir, "cpu.max"), `${Math.round(limits.cpus * cpuPeriodMicros)} ${cpuPeriodMicros}`);
    return [join(dir, "cgroup.procs")];
  }
}

function writeLimitsV1(dir: string, controller: Controller, limits: ResourceLimits): void {
  if (controller === "memory" && limits.memoryBytes !== null) {
    writeFileSync(join(dir, "memory.limit_in_bytes"), String(limits.memoryBytes));
    // RAM + swap at the same figure: the limit cannot be dodged by swapping.
    const swap = join(dir, "memory.memsw.limit_in_bytes");
    if (existsSync(swap)) writeFileSync(swap, String(limits.memoryBytes));
  }
  if (controller === "pids" && limits.maxProcesses !== null) writeFileSync(join(dir, "pids.max"), String(limits.maxProcesses));
  if (controller === "cpu" && limits.cpus !== null) {
    writeFileSync(join(dir, "cpu.cfs_period_us"), String(cpuPeriodMicros));
    writeFileSync(join(dir, "cpu.cfs_quota_us"), String(Math.round(limits.cpus * cpuPeriodMicros)));
  }
}

function wantedControllers(limits: ResourceLimits): Controller[] {
  const wanted: Controller[] = [];
  if (limits.memoryBytes !== null) wanted.push("memory");
  if (limits.maxProcesses !== null) wanted.push("pids");
  if (limits.cpus !== null) wanted.push("cpu");
  return wanted;
}

function describe(controller: Controller, limits: ResourceLimits): string {
  if (controller === "memory") return `memory limit ${limits.memoryBytes} bytes`;
  if (controller === "pids") return `process limit ${limits.maxProcesses}`;
  return `CPU limit ${limits.cpus}`;
}

function isV2(root: string): boolean {
  return existsSync(join(root, "cgroup.controllers"));
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function tryRmdir(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Busy (processes still in it) or already gone: both fine.
  }
}
