import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ResourceGroups } from "./resource-groups.ts";

const limits = { memoryBytes: 256 * 1024 ** 2, maxProcesses: 100, openFiles: null, cpus: 0.5 };

/** A cgroup v1 layout (one hierarchy per controller) in a temporary directory. */
function fakeV1(controllers: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), "hop3-cgroup-"));
  for (const controller of controllers) {
    mkdirSync(join(root, controller));
    writeFileSync(join(root, controller, "cgroup.procs"), "");
  }
  return root;
}

test("v1: a group per controller, with the memory (RAM and swap), process and CPU limits written", () => {
  const root = fakeV1(["memory", "pids", "cpu"]);
  try {
    const groups = new ResourceGroups({ cgroupRoot: root });
    writeFileSync(join(root, "memory", "placeholder"), "");
    const prepared = groups.prepare("h3-blog/build-1", limits);
    const dir = (controller: string) => join(root, controller, "hop3", "h3-blog", "build-1");
    assert.deepEqual(prepared.procs, ["memory", "pids", "cpu"].map((c) => join(dir(c), "cgroup.procs")));
    assert.deepEqual(prepared.notApplied, []);
    assert.equal(readFileSync(join(dir("memory"), "memory.limit_in_bytes"), "utf8"), String(256 * 1024 ** 2));
    assert.equal(readFileSync(join(dir("pids"), "pids.max"), "utf8"), "100");
    assert.equal(readFileSync(join(dir("cpu"), "cpu.cfs_quota_us"), "utf8"), "50000");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the app's user can read its own group and only cross the levels above, whatever the umask", () => {
  const root = fakeV1(["memory"]);
  const umask = process.umask(0o077);
  try {
    new ResourceGroups({ cgroupRoot: root }).prepare("h3-blog/run-1", limits);
    const mode = (...parts: string[]) => statSync(join(root, "memory", ...parts)).mode & 0o777;
    assert.equal(mode("hop3"), 0o711);
    assert.equal(mode("hop3", "h3-blog"), 0o711);
    assert.equal(mode("hop3", "h3-blog", "run-1"), 0o755);
  } finally {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  }
});

test("a limit without its controller is reported as not applied, never dropped in silence", () => {
  const root = fakeV1(["pids"]);
  try {
    const prepared = new ResourceGroups({ cgroupRoot: root }).prepare("h3-blog/run-1", limits);
    assert.equal(prepared.procs.length, 1);
    assert.deepEqual(prepared.notApplied, [`memory limit ${256 * 1024 ** 2} bytes (no writable memory controller)`, "CPU limit 0.5 (no writable cpu controller)"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the kernel's out-of-memory kills of a group are counted", () => {
  const root = fakeV1(["memory"]);
  try {
    const groups = new ResourceGroups({ cgroupRoot: root });
    groups.prepare("h3-blog/build-2", limits);
    assert.equal(groups.oomKills("h3-blog/build-2"), 0);
    writeFileSync(join(root, "memory", "hop3", "h3-blog", "build-2", "memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    assert.equal(groups.oomKills("h3-blog/build-2"), 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("v2: controllers are handed down to the leaf, which gets memory.max, pids.max and cpu.max", () => {
  const root = mkdtempSync(join(tmpdir(), "hop3-cgroup2-"));
  try {
    writeFileSync(join(root, "cgroup.controllers"), "cpuset cpu io memory pids\n");
    writeFileSync(join(root, "cgroup.subtree_control"), "");
    const prepared = new ResourceGroups({ cgroupRoot: root }).prepare("h3-blog/run-7", limits);
    const leaf = join(root, "hop3", "h3-blog", "run-7");
    assert.deepEqual(prepared.procs, [join(leaf, "cgroup.procs")]);
    assert.equal(readFileSync(join(root, "hop3", "cgroup.subtree_control"), "utf8"), "+memory +pids +cpu");
    assert.equal(readFileSync(join(leaf, "memory.max"), "utf8"), String(256 * 1024 ** 2));
    assert.equal(readFileSync(join(leaf, "pids.max"), "utf8"), "100");
    assert.equal(readFileSync(join(leaf, "cpu.max"), "utf8"), "50000 100000");
    assert.ok(!existsSync(join(leaf, "cgroup.subtree_control")), "the leaf holds processes, so it hands nothing down");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a group just made is not swept before its process joins; an old empty one is", () => {
  const root = fakeV1(["pids"]);
  try {
    const groups = new ResourceGroups({ cgroupRoot: root });
    groups.prepare("h3-blog/run-1", limits);
    groups.prepare("h3-blog/run-2", limits);
    const dir = (name: string) => join(root, "pids", "hop3", "h3-blog", name);
    assert.ok(existsSync(dir("run-1")), "starting web.2 must not remove the group web.1 is about to join");
    // On a real cgroupfs the control files do not keep a directory from being removed.
    for (const name of ["run-1", "run-2"]) for (const file of ["pids.max", "cgroup.procs"]) rmSync(join(dir(name), file), { force: true });
    groups.sweep("h3-blog", Date.now() + 120_000);
    assert.ok(!existsSync(dir("run-1")) && !existsSync(dir("run-2")), "empty groups older than a minute are removed");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("v1: killing a group kills each process it lists, also one that left its process group", async () => {
  const root = fakeV1(["pids"]);
  const escaped = spawn("setsid", ["sleep", "30"], { stdio: "ignore" });
  try {
    const exited = new Promise((resolve) => escaped.once("exit", (_code, signal) => resolve(signal)));
    const groups = new ResourceGroups({ cgroupRoot: root });
    const [procs] = groups.prepare("h3-blog/build-3", { ...limits, memoryBytes: null, cpus: null }).procs;
    writeFileSync(procs as string, `${escaped.pid}\n`);
    groups.kill("h3-blog/build-3");
    assert.equal(await exited, "SIGKILL");
    groups.kill("h3-blog/no-such-group");
  } finally {
    escaped.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  }
});

test("v2: killing a group writes 1 to its cgroup.kill", () => {
  const root = mkdtempSync(join(tmpdir(), "hop3-cgroup-"));
  try {
    writeFileSync(join(root, "cgroup.controllers"), "memory pids cpu");
    const dir = join(root, "hop3", "h3-blog", "build-4");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cgroup.kill"), "");
    new ResourceGroups({ cgroupRoot: root }).kill("h3-blog/build-4");
    assert.equal(readFileSync(join(dir, "cgroup.kill"), "utf8"), "1");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
