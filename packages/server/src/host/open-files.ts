import { readdirSync, readFileSync } from "node:fs";
import { privilegedParent } from "../exec/privileged-client.ts";

/** Processes counted at most below one instance: a fork bomb is not walked whole. */
const maxProcessesPerTree = 256;

/**
 * The real uid of a process (`Uid:` of /proc/PID/status, readable by anyone), null when it is
 * gone. The one line a process names itself (`Name:`) is escaped by the kernel: no fake `Uid:`.
 */
function uidOf(pid: number, procRoot: string): number | null {
  try {
    const match = /^Uid:\s+(\d+)/m.exec(readFileSync(`${procRoot}/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function childrenOf(pid: number, procRoot: string): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`${procRoot}/${pid}/task`)) {
      for (const word of readFileSync(`${procRoot}/${pid}/task/${task}/children`, "utf8").split(" ")) if (/^\d+$/.test(word)) children.push(Number(word));
    }
  } catch {
    // Gone meanwhile.
  }
  return children;
}

/**
 * The descriptors open in `pid` and the processes below it, counted from the names in
 * /proc/PID/fd (nothing is opened or followed), for the processes `counts(uid)` allows; null
 * when `pid` is gone, not allowed, or not readable. Only kernel-made names are read: numbers.
 */
export function countOpenFiles(pid: number, counts: (uid: number) => boolean, procRoot = "/proc"): number | null {
  const rootUid = uidOf(pid, procRoot);
  if (rootUid === null || !counts(rootUid)) return null;
  let total = 0;
  let walked = 0;
  const pending = [pid];
  const seen = new Set<number>();
  while (pending.length > 0 && walked < maxProcessesPerTree) {
    const current = pending.pop() as number;
    if (seen.has(current)) continue;
    seen.add(current);
    walked += 1;
    const uid = current === pid ? rootUid : uidOf(current, procRoot);
    if (uid === null || !counts(uid)) continue;
    try {
      const names = readdirSync(`${procRoot}/${current}/fd`).length;
      // The pid may have been reused meanwhile: counted only if it is still the same account's.
      if (uidOf(current, procRoot) === uid) total += names;
    } catch {
      if (current === pid) return null;
    }
    pending.push(...childrenOf(current, procRoot));
  }
  return total;
}

/**
 * Open files of each instance (by its pid). The unprivileged daemon may not list another
 * account's /proc/PID/fd, so separated it asks the parent's `proc.openFiles`, which counts only
 * for processes of app accounts (ADR 62); otherwise (root or one account) it counts itself.
 */
export async function openFilesOf(pids: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (pids.length === 0) return counts;
  const parent = privilegedParent();
  const chosen = pids.slice(0, 1024);
  const values = parent ? ((await parent.call("proc.openFiles", { pids: chosen })) as (number | null)[]) : chosen.map((pid) => countOpenFiles(pid, () => true));
  chosen.forEach((pid, index) => {
    const value = values[index];
    if (typeof value === "number") counts.set(pid, value);
  });
  return counts;
}
