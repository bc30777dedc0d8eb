import { readFileSync } from "node:fs";

/**
 * What tells a process apart from a later one that reuses its pid: the boot it started in and
 * its start time in clock ticks since that boot (field 22 of /proc/<pid>/stat).
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly bootId: string;
  readonly startTicks: string;
}

/** The identity of a running process, or null when it is gone (or a zombie). */
export function identifyProcess(pid: number): ProcessIdentity | null {
  const stat = readStat(pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return null;
  return { pid, bootId: bootId(), startTicks: stat.startTicks };
}

/** True when the process recorded earlier is still the one running under that pid. */
export function isStillRunning(recorded: ProcessIdentity): boolean {
  const now = identifyProcess(recorded.pid);
  return now !== null && now.bootId === recorded.bootId && now.startTicks === recorded.startTicks;
}

function readStat(pid: number): { state: string; startTicks: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after it.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTicks = fields[19];
  return state && startTicks ? { state, startTicks } : null;
}

let cachedBootId: string | undefined;

function bootId(): string {
  cachedBootId ??= readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  return cachedBootId;
}

/** The pid of a process's parent (field 4 of /proc/<pid>/stat), or null when it is gone. */
export function parentPidOf(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}
