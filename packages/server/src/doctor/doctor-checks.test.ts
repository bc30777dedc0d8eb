import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkClock } from "./clock-check.ts";
import { checkCgroups, checkDisk } from "./host-checks.ts";
import { checkPorts, listeningPorts } from "./port-check.ts";

const gib = 1024 ** 3;

void test("reads the listening ports of /proc/net/tcp, not the connected ones", () => {
  const table = [
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
    "   1: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
  ].join("\n");
  assert.deepEqual([...listeningPorts(table)], [80]);
});

void test("fails a port another program holds, naming how to find it, and accepts Hop3's own proxy on it", () => {
  const [taken] = checkPorts([{ port: 80, setting: "http-port" }], false, new Set([80]));
  assert.equal(taken?.status, "fail");
  assert.match(taken?.fix ?? "", /ss -ltnp 'sport = :80'/);
  assert.equal(checkPorts([{ port: 80, setting: "http-port" }], true, new Set([80]))[0]?.status, "ok");
  assert.equal(checkPorts([{ port: 8080, setting: "http-port" }], false, new Set([80]))[0]?.status, "ok");
});

void test("grades free disk space: fail under 1 GiB, warn under 5 GiB, ok above", () => {
  const disk = (freeGib: number) => checkDisk("/", () => ({ bavail: freeGib * 1024, bsize: 1024 * 1024, blocks: 60 * 1024 })).status;
  assert.equal(disk(0.5), "fail");
  assert.equal(disk(3), "warn");
  assert.equal(disk(50), "ok");
  assert.match(checkDisk("/", () => ({ bavail: 0, bsize: gib, blocks: 1 })).fix ?? "", /keep-releases/);
});

void test("tells the control group layout: v2 with its controllers, v1, or none", () => {
  const root = mkdtempSync(join(tmpdir(), "hop3-cgroup-"));
  try {
    assert.equal(checkCgroups(root).status, "fail");
    mkdirSync(join(root, "memory"));
    writeFileSync(join(root, "memory", "cgroup.procs"), "");
    assert.deepEqual([checkCgroups(root).status, checkCgroups(root).detail], ["warn", "v1 (legacy) hierarchies: memory; no pids, cpu: those limits of hop3.toml [limits] are not enforced"]);
    for (const controller of ["pids", "cpu"]) {
      mkdirSync(join(root, controller));
      writeFileSync(join(root, controller, "cgroup.procs"), "");
    }
    assert.equal(checkCgroups(root).status, "ok");
    writeFileSync(join(root, "cgroup.controllers"), "cpuset cpu io memory pids\n");
    assert.deepEqual([checkCgroups(root).status, checkCgroups(root).detail], ["ok", "v2 (unified) with cpuset, cpu, io, memory, pids"]);
    writeFileSync(join(root, "cgroup.controllers"), "cpu io\n");
    assert.match(checkCgroups(root).detail, /without the memory, pids controller/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test("the clock: fails before Hop3 existed, passes with a time service running, warns without one", () => {
  const proc = mkdtempSync(join(tmpdir(), "hop3-proc-"));
  try {
    const running = (pid: number, name: string) => {
      mkdirSync(join(proc, String(pid)));
      writeFileSync(join(proc, String(pid), "comm"), `${name}\n`);
    };
    running(1, "init");
    running(42, "sshd");
    const probe = { now: new Date("2026-12-03T10:00:00Z"), procDir: proc, timesyncFlag: join(proc, "no-such-flag") };
    const bare = checkClock(probe);
    assert.equal(bare.status, "warn");
    assert.match(bare.fix ?? "", /chrony/);
    assert.equal(checkClock({ ...probe, now: new Date("2001-01-01T00:00:00Z") }).status, "fail");
    running(77, "chronyd");
    assert.deepEqual(checkClock(probe), { name: "clock", status: "ok", detail: "2026-12-03T10:00:00.000Z, kept in step by chronyd" });
    writeFileSync(join(proc, "synchronized"), "");
    assert.match(checkClock({ ...probe, timesyncFlag: join(proc, "synchronized") }).detail, /systemd-timesyncd/);
  } finally {
    rmSync(proc, { recursive: true, force: true });
  }
});
