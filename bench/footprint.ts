/**
 * Footprint benchmark: prints the memory of an idle hop3-server, started as users start it
 * (`bin/hop3-server run`, the built JavaScript with the daemon's Node flags), with no app and
 * with 10 small apps deployed (in the process that deployed them, and after a restart that
 * adopted them), next to a bare Node 24 process started in the same run — its
 * resident set (RSS, split into anonymous memory and pages of files: mostly the `node`
 * binary) and its proportional set (PSS: pages shared with other processes counted in part).
 * Run as root, `hop3-server run` is a small root parent that forks the daemon unprivileged
 * (ADR 31): both are measured, each on its own row; the aim, at most 80 MB RSS with 10 apps,
 * is the daemon's (ADR 56). Run as root:
 * `npm run build && node bench/footprint.ts` (after scripts/bootstrap.sh).
 */
import { spawn } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { makeApp } from "../test/e2e/support/sample-apps.ts";
import { deploySeconds } from "./support/deploy-timing.ts";

const apps = 10;

/** Memory of one process, in MiB, from /proc. */
interface Footprint {
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
  readonly pss: number;
}

function kib(text: string, field: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${field}:`));
  if (line === undefined) throw new Error(`no ${field} in /proc`);
  return Number(line.replace(/\D+/g, ""));
}

function footprintOf(pid: number): Footprint {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const mib = (value: number) => value / 1024;
  return { rss: mib(kib(status, "VmRSS")), anon: mib(kib(status, "RssAnon")), file: mib(kib(status, "RssFile")), pss: mib(kib(rollup, "Pss")) };
}

/**
 * The daemon: the parent's child running Node (its other children are Caddy, addon engines and
 * app processes, spawned for the daemon). Without a root parent, the process itself.
 */
function daemonOf(pid: number): number {
  const node = readlinkSync(`/proc/${pid}/exe`);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  const daemon = children.find((child) => {
    try {
      return readlinkSync(`/proc/${child}/exe`) === node;
    } catch {
      return false;
    }
  });
  return daemon ?? pid;
}

/** CPU ticks a process has used (utime + stime, /proc/PID/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** Waits until the process has used no CPU for `quietMs` (its timers' ticks aside), then a little more. */
async function untilIdle(pid: number, quietMs = 5000): Promise<void> {
  let last = cpuTicks(pid);
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    await sleep(500);
    const now = cpuTicks(pid);
    // One tick (10 ms) per half second is the proxy watch and log rotation timers.
    if (now - last > 1) quietSince = Date.now();
    last = now;
  }
}

function row(label: string, of: Footprint, bare: Footprint): string {
  const mb = (value: number) => value.toFixed(1).padStart(6);
  return `  ${label.padEnd(22)} ${mb(of.rss)} ${mb(of.anon)} ${mb(of.file)} ${mb(of.pss)}   ${(of.rss / bare.rss).toFixed(2)}x`;
}

async function main(): Promise<void> {
  const bare = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const hop3 = await Hop3Fixture.start({ built: true });
  try {
    // The bin script `exec`s Node: this is `hop3-server run`, the root parent when run as root.
    let parent = hop3.serverPid;
    let pid = daemonOf(parent);
    await untilIdle(pid);
    const empty = footprintOf(pid);
    for (let i = 1; i <= apps; i++) {
      const dir = makeApp({ Procfile: "web: python3 -m http.server $PORT --bind 127.0.0.1\n", "index.html": `small app ${i}\n` });
      await deploySeconds(hop3, `small-${i}`, dir);
    }
    await untilIdle(pid);
    const loaded = footprintOf(pid);
    const loadedParent = parent === pid ? null : footprintOf(parent);
    await hop3.stopServer();
    await hop3.startServer();
    parent = hop3.serverPid;
    pid = daemonOf(parent);
    await untilIdle(pid);
    const adopted = footprintOf(pid);
    const baseline = footprintOf(bare.pid as number);
    console.log("memory in MiB (RSS = anonymous + file pages; PSS counts shared pages in part):");
    console.log(`  ${"".padEnd(22)} ${"RSS".padStart(6)} ${"anon".padStart(6)} ${"file".padStart(6)} ${"PSS".padStart(6)}   RSS/bare`);
    console.log(row("bare node 24", baseline, baseline));
    console.log(row("hop3-server, 0 apps", empty, baseline));
    console.log(row(`hop3-server, ${apps} apps`, loaded, baseline));
    console.log(row("  same, restarted", adopted, baseline));
    if (loadedParent !== null) console.log(row(`root parent, ${apps} apps`, loadedParent, baseline));
    // 80 MB: the issue's figure, read as 80 MiB like every figure here; the daemon's alone (ADR 56).
    console.log(`  aim: at most 80 MB RSS with ${apps} apps, the daemon (${loaded.rss <= 80 ? "met" : `${(loaded.rss - 80).toFixed(1)} MiB over`})`);
  } finally {
    bare.kill();
    await hop3.close();
  }
}

await main();
