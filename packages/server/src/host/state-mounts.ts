import { readFileSync, statfsSync } from "node:fs";

/** A filesystem mounted below the state root, and how full it is. */
export interface MountUsage {
  readonly path: string;
  readonly totalBytes: number;
  readonly usedBytes: number;
}

/** Kernel pseudo-filesystems: never full, not where Hop3 stores anything. */
const pseudo = new Set(["proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "bpf", "tracefs", "debugfs", "securityfs", "fusectl", "configfs", "binfmt_misc", "autofs", "nsfs", "pstore"]);

/** mountinfo escapes a space, tab, newline and backslash in a path as octal (`\040`). */
function unescape(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * The filesystems mounted below the state root (a disk for `apps/` or the backups, say), each
 * measured with statfs: the disk-full rule watches them as it watches the state root's own
 * (ADR 62). Read from the daemon's /proc/self/mountinfo: kernel text, no privilege needed.
 */
export function stateMounts(stateRoot: string, mountinfo = () => readFileSync("/proc/self/mountinfo", "utf8")): MountUsage[] {
  const prefix = stateRoot.endsWith("/") ? stateRoot : `${stateRoot}/`;
  const paths = new Set<string>();
  for (const line of mountinfo().split("\n")) {
    // id parent major:minor root mount-point options [optional...] - fstype source super-options
    const fields = line.split(" ");
    const separator = fields.indexOf("-");
    const mountPoint = fields[4];
    const fsType = separator > 0 ? fields[separator + 1] : undefined;
    if (mountPoint === undefined || fsType === undefined || pseudo.has(fsType)) continue;
    const path = unescape(mountPoint);
    if (path.startsWith(prefix)) paths.add(path);
  }
  const usages: MountUsage[] = [];
  for (const path of [...paths].sort()) {
    try {
      const disk = statfsSync(path);
      const totalBytes = disk.blocks * disk.bsize;
      if (totalBytes > 0) usages.push({ path, totalBytes, usedBytes: totalBytes - disk.bfree * disk.bsize });
    } catch {
      // Unmounted meanwhile, or not ours to read.
    }
  }
  return usages;
}
