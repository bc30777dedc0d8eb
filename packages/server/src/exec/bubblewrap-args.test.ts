import assert from "node:assert/strict";
import { test } from "node:test";
import { noLimits } from "../core/confinement.ts";
import { bubblewrapArgs } from "./bubblewrap-args.ts";

const confinement = {
  writable: ["/srv/hop3/apps/blog/data", "/srv/hop3/apps/blog/releases"],
  readable: ["/srv/hop3/apps/blog/cache"],
  hidden: ["/srv/hop3", "/root", "/home"],
  limits: noLimits,
  limitSources: { memory: "test" },
  group: "h3-blog/run",
};

/** The pairs following each occurrence of a flag. */
function after(args: readonly string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1] as string] : []));
}

test("the system is read-only, /tmp private, and the hidden trees are emptied before the app's paths come back", () => {
  const args = bubblewrapArgs(confinement, "/srv/hop3/apps/blog/releases/3");
  assert.deepEqual(args.slice(args.indexOf("--ro-bind"), args.indexOf("--ro-bind") + 3), ["--ro-bind", "/", "/"]);
  assert.deepEqual(after(args, "--tmpfs"), ["/dev/shm", "/tmp", "/var/tmp", "/home", "/root", "/srv/hop3"]);
  assert.deepEqual(after(args, "--bind"), ["/srv/hop3/apps/blog/data", "/srv/hop3/apps/blog/releases"]);
  assert.ok(args.indexOf("/srv/hop3") < args.indexOf("/srv/hop3/apps/blog/data"), "the state root is hidden before the app's data is bound into it");
  assert.ok(args.indexOf("/srv/hop3/apps/blog/cache") > args.indexOf("--tmpfs"), "the cache comes back read-only");
  assert.deepEqual(after(args, "--remount-ro"), ["/home", "/root", "/srv/hop3"]);
  assert.equal(after(args, "--chdir")[0], "/srv/hop3/apps/blog/releases/3");
});

test("processes get their own PID namespace, and keep the host's network", () => {
  const args = bubblewrapArgs(confinement, "/");
  assert.ok(args.includes("--unshare-pid"));
  assert.ok(!args.includes("--unshare-net") && !args.includes("--unshare-all"));
});

test("on a cgroup v1 or hybrid host, only the process's own group of each controller is visible, at its real path", () => {
  const groups = ["/sys/fs/cgroup/memory/hop3/h3-blog/run-1a2b", "/sys/fs/cgroup/pids/hop3/h3-blog/run-1a2b"];
  const args = bubblewrapArgs(confinement, "/", { root: "/sys/fs/cgroup", groups });
  assert.ok(after(args, "--tmpfs").includes("/sys/fs/cgroup"), "the host's hierarchies (and other apps' groups) are hidden");
  assert.deepEqual(after(args, "--ro-bind").filter((path) => path.startsWith("/sys/fs/cgroup")), groups);
  assert.ok(args.indexOf("/sys/fs/cgroup") < args.indexOf(groups[0] as string), "the tree is emptied before the groups come back");
  assert.ok(after(args, "--remount-ro").includes("/sys/fs/cgroup"));
  // A cgroup namespace would make /proc/self/cgroup say "/" while the mounts' roots say
  // /../..: the JVM's CgroupV1Subsystem then dies with a NullPointerException.
  assert.ok(!args.some((arg) => arg.startsWith("--unshare-cgroup")));
});

test("on a cgroup v2 host, the one unified group is visible where /proc/self/cgroup says it is", () => {
  const args = bubblewrapArgs(confinement, "/", { root: "/sys/fs/cgroup", groups: ["/sys/fs/cgroup/hop3/h3-blog/run-1a2b"] });
  assert.deepEqual(after(args, "--ro-bind").filter((path) => path.startsWith("/sys/fs/cgroup")), ["/sys/fs/cgroup/hop3/h3-blog/run-1a2b"]);
  assert.ok(!after(args, "--bind").some((path) => path.startsWith("/sys/fs/cgroup")), "a process cannot write its own limits");
  assert.ok(!args.some((arg) => arg.startsWith("--unshare-cgroup")));
});

test("without a cgroup filesystem nothing of it is mounted", () => {
  const args = bubblewrapArgs(confinement, "/");
  assert.ok(!args.some((arg) => arg.includes("cgroup")));
});

test("tmpfs volumes are mounted over the writable binds, each with its size limit", () => {
  const tmpfs = [{ path: "/srv/hop3/apps/blog/releases/3/cache", sizeBytes: 16 * 1024 * 1024 }];
  const args = bubblewrapArgs({ ...confinement, tmpfs }, "/srv/hop3/apps/blog/releases/3");
  const at = args.lastIndexOf("--tmpfs");
  assert.deepEqual(args.slice(at - 2, at + 2), ["--size", String(16 * 1024 * 1024), "--tmpfs", "/srv/hop3/apps/blog/releases/3/cache"]);
  assert.ok(at > args.lastIndexOf("--bind"), "after the release directory is bound, so the mount lands in it");
});
