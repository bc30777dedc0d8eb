import { privilegedParent } from "./privileged-client.ts";

/**
 * Sends a signal to a whole process group (children are spawned detached, so their pid is
 * also their group id). Quietly ignores a group that is already gone. A group of another
 * account (an app's, the proxy's) is signalled by the privileged parent when this process is
 * the separated daemon (ADR 31).
 */
export function killTree(pid: number | undefined, signal: NodeJS.Signals = "SIGKILL"): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return;
    const parent = privilegedParent();
    if (code !== "EPERM" || parent === undefined) throw error;
    // The parent refuses what is not an app's or a process it started; nothing to add here.
    parent.signal(pid, signal).catch(() => undefined);
  }
}

/** True while any process of the group led by `pid` is alive (one of another account's included). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return false;
    // The group exists but belongs to another account.
    if (code === "EPERM") return true;
    throw error;
  }
}
