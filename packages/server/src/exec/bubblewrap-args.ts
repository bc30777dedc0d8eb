import type { Confinement } from "../core/confinement.ts";

/**
 * The control groups a confined process sees (ADR 36): the host's cgroup tree at `root` is
 * hidden, and only the directories of the groups the process joined come back, read-only, at
 * their real paths. With no cgroup namespace, /proc/self/cgroup names those paths and the
 * cgroup mounts' roots still match it, so runtimes that size themselves from their group
 * (the JVM, libuv, Go, .NET) find their limits on v1, hybrid and v2 hosts alike.
 */
export interface CgroupView {
  /** The cgroup filesystem's mount point (`/sys/fs/cgroup`), or null when the host has none. */
  readonly root: string | null;
  /** Directories of the groups the process joined (one per v1 controller, one on v2). */
  readonly groups: readonly string[];
}

export const noCgroupView: CgroupView = { root: null, groups: [] };

/**
 * bubblewrap's arguments for a confinement: the whole system read-only, fresh /dev, /proc
 * of a private PID namespace (other apps' processes are not visible), private /tmp and
 * /dev/shm, the hidden trees replaced by empty read-only directories, then the app's own
 * paths put back, read-only or writable. The network is shared: apps serve and fetch.
 */
export function bubblewrapArgs(confinement: Confinement, cwd: string, cgroups: CgroupView = noCgroupView): string[] {
  // No cgroup namespace: bubblewrap binds the host's cgroup mounts, whose roots would then lie
  // outside the namespace and no longer match /proc/self/cgroup (the JVM dies on v1).
  const args = ["--unshare-pid", "--unshare-ipc", "--unshare-uts"];
  args.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp");
  const hidden = [...confinement.hidden, ...(cgroups.root === null ? [] : [cgroups.root])].sort(byDepth);
  for (const path of hidden) args.push("--tmpfs", path);
  for (const path of [...confinement.readable, ...(cgroups.root === null ? [] : cgroups.groups)].sort(byDepth)) args.push("--ro-bind", path, path);
  for (const path of [...confinement.writable].sort(byDepth)) args.push("--bind", path, path);
  // Over the writable binds: the app's tmpfs volumes, private to this process tree, size-limited.
  for (const mount of [...(confinement.tmpfs ?? [])].sort((a, b) => byDepth(a.path, b.path))) args.push("--size", String(mount.sizeBytes), "--tmpfs", mount.path);
  // The empty stand-ins cannot be written either (binds below them keep their own mode).
  for (const path of hidden) args.push("--remount-ro", path);
  args.push("--chdir", cwd);
  return args;
}

function byDepth(a: string, b: string): number {
  return a.split("/").length - b.split("/").length || a.localeCompare(b);
}
