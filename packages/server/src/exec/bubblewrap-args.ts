import type { Confinement } from "../core/confinement.ts";

/**
 * bubblewrap's arguments for a confinement: the whole system read-only, fresh /dev, /proc
 * of a private PID namespace (other apps' processes are not visible), private /tmp and
 * /dev/shm, the hidden trees replaced by empty read-only directories, then the app's own
 * paths put back, read-only or writable. The network is shared: apps serve and fetch.
 */
export function bubblewrapArgs(confinement: Confinement, cwd: string): string[] {
  const args = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"];
  args.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp");
  const hidden = [...confinement.hidden].sort(byDepth);
  for (const path of hidden) args.push("--tmpfs", path);
  for (const path of [...confinement.readable].sort(byDepth)) args.push("--ro-bind", path, path);
  for (const path of [...confinement.writable].sort(byDepth)) args.push("--bind", path, path);
  // The empty stand-ins cannot be written either (binds below them keep their own mode).
  for (const path of hidden) args.push("--remount-ro", path);
  args.push("--chdir", cwd);
  return args;
}

function byDepth(a: string, b: string): number {
  return a.split("/").length - b.split("/").length || a.localeCompare(b);
}
