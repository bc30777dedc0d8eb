import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CgroupUsage, groupPaths } from "./cgroup-usage.ts";

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "hop3-cgroup-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test("cgroup v2 (a default Debian 12): working set is memory.current minus inactive_file, CPU from cpu.stat", () => {
  const root = fixture({
    "cg/cgroup.controllers": "cpu memory pids\n",
    "cg/hop3/app-blog/web-1-abcd/cpu.stat": "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n",
    "cg/hop3/app-blog/web-1-abcd/memory.current": "314572800\n",
    "cg/hop3/app-blog/web-1-abcd/memory.stat": "anon 52428800\nfile 262144000\nactive_file 10485760\ninactive_file 251658240\n",
    "cg/hop3/app-blog/web-1-abcd/memory.max": "536870912\n",
    "proc/42/cgroup": "0::/hop3/app-blog/web-1-abcd\n",
    "proc/43/cgroup": "0::/system.slice/hop3.service\n",
  });
  const usage = new CgroupUsage({ cgroupRoot: join(root, "cg"), procRoot: join(root, "proc") });
  assert.deepEqual(usage.ofProcess(42), { cpuMicros: 2_500_000, memoryBytes: 314572800 - 251658240, memoryLimitBytes: 536870912 });
  assert.equal(usage.ofProcess(43), null, "a group that is not Hop3's is not read");
  assert.equal(usage.ofProcess(44), null, "a process that is gone");
});

test("cgroup v2 with memory.max 'max' has no limit", () => {
  const root = fixture({
    "cg/cgroup.controllers": "cpu memory\n",
    "cg/hop3/a/w/cpu.stat": "usage_usec 10\n",
    "cg/hop3/a/w/memory.current": "4096\n",
    "cg/hop3/a/w/memory.stat": "inactive_file 0\n",
    "cg/hop3/a/w/memory.max": "max\n",
    "proc/7/cgroup": "0::/hop3/a/w\n",
  });
  assert.equal(new CgroupUsage({ cgroupRoot: join(root, "cg"), procRoot: join(root, "proc") }).ofProcess(7)?.memoryLimitBytes, null);
});

test("cgroup v1/hybrid (these machines): memory.usage_in_bytes minus total_inactive_file, cpuacct.usage in ns; CPU null without a cpu group", () => {
  const root = fixture({
    "cg/memory/hop3/app-blog/web-1-abcd/memory.usage_in_bytes": "209715200\n",
    "cg/memory/hop3/app-blog/web-1-abcd/memory.stat": "cache 199229440\ninactive_file 1\ntotal_inactive_file 188743680\n",
    "cg/memory/hop3/app-blog/web-1-abcd/memory.limit_in_bytes": "268435456\n",
    "cg/cpuacct/hop3/app-blog/web-1-abcd/cpuacct.usage": "3000000000\n",
    "proc/42/cgroup": "12:memory:/hop3/app-blog/web-1-abcd\n4:cpu,cpuacct:/hop3/app-blog/web-1-abcd\n1:name=systemd:/system.slice/x\n0::/system.slice/x\n",
    "cg/memory/hop3/b/w/memory.usage_in_bytes": "1000\n",
    "cg/memory/hop3/b/w/memory.stat": "total_inactive_file 0\n",
    "cg/memory/hop3/b/w/memory.limit_in_bytes": "9223372036854771712\n",
    "proc/50/cgroup": "12:memory:/hop3/b/w\n4:cpu,cpuacct:/system.slice/hop3.service\n",
  });
  const usage = new CgroupUsage({ cgroupRoot: join(root, "cg"), procRoot: join(root, "proc") });
  assert.deepEqual(usage.ofProcess(42), { cpuMicros: 3_000_000, memoryBytes: 209715200 - 188743680, memoryLimitBytes: 268435456 });
  assert.deepEqual(usage.ofProcess(50), { cpuMicros: null, memoryBytes: 1000, memoryLimitBytes: null }, "v1's 'no limit' is a huge number");
});

test("/proc/PID/cgroup: v2's line under '', a joint v1 line under each controller", () => {
  const paths = groupPaths("4:cpu,cpuacct:/a\n12:memory:/b\n0::/c\n");
  assert.equal(paths.get("cpu"), "/a");
  assert.equal(paths.get("cpuacct"), "/a");
  assert.equal(paths.get("memory"), "/b");
  assert.equal(paths.get(""), "/c");
});
