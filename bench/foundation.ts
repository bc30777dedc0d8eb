/**
 * Foundation benchmark: prints
 *  - seconds from `hop3 deploy` to the first 200 through the proxy for the Flask sample,
 *    cold (new app, empty caches) and warm (second deploy, same dependencies), next to a
 *    baseline: the same venv + pip install + gunicorn start done by hand in this invocation;
 *  - hop3-server resident memory idle with 0 and with 10 small apps deployed, next to a
 *    bare Node 24 process as baseline.
 * Run as root: `npm run build && node bench/foundation.ts` (after scripts/bootstrap.sh).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Hop3Fixture, httpGet } from "../test/e2e/support/hop3-fixture.ts";
import { copySample, makeApp } from "../test/e2e/support/sample-apps.ts";
import { findFreePort } from "../packages/server/src/runtime/free-port.ts";
import { runCommand } from "../packages/server/src/exec/run-command.ts";
import { deploySeconds, untilOk } from "./support/deploy-timing.ts";

const appEnv = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" };

/** The same work without Hop3: a fresh venv, pip install with an empty cache, gunicorn up. */
async function baselineSeconds(): Promise<number> {
  const dir = copySample("flask-app");
  const cache = mkdtempSync(join(tmpdir(), "hop3-bench-pip-"));
  const port = await findFreePort();
  const started = performance.now();
  await runCommand({ argv: ["python3", "-m", "venv", join(dir, ".venv")], cwd: dir, env: appEnv });
  const pip = await runCommand({ argv: [join(dir, ".venv/bin/pip"), "install", "-q", "-r", "requirements.txt"], cwd: dir, env: { ...appEnv, PIP_CACHE_DIR: cache } });
  if (pip.exitCode !== 0) throw new Error(`baseline pip failed: ${pip.tail.join("\n")}`);
  const server = spawn(join(dir, ".venv/bin/gunicorn"), ["--bind", `127.0.0.1:${port}`, "app:app"], { cwd: dir, env: appEnv, stdio: "ignore", detached: true });
  await untilOk(() => httpGet({ port, path: "/" }));
  const seconds = (performance.now() - started) / 1000;
  process.kill(-(server.pid as number), "SIGTERM");
  rmSync(cache, { recursive: true, force: true });
  return seconds;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024;
}

async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  await sleep(1000);
  const rss = rssMiB(child.pid as number);
  child.kill();
  return rss;
}

/** Resident memory of a freshly started, idle server with no apps. */
async function freshIdleRss(built: boolean): Promise<number> {
  const hop3 = await Hop3Fixture.start({ built });
  try {
    await sleep(2000);
    return rssMiB(hop3.serverPid);
  } finally {
    await hop3.close();
  }
}

async function main(): Promise<void> {
  const baseline = await baselineSeconds();
  const fromSource = await freshIdleRss(false);
  const hop3 = await Hop3Fixture.start({ built: true });
  try {
    const cold = await deploySeconds(hop3, "bench-flask", copySample("flask-app"));
    const warm = await deploySeconds(hop3, "bench-flask", copySample("flask-app"));
    console.log("deploy to first 200 through the proxy (Flask sample):");
    console.log(`  baseline by hand (venv + pip, empty cache + gunicorn): ${baseline.toFixed(2)} s`);
    console.log(`  hop3 deploy, cold:  ${cold.toFixed(2)} s  (${(cold / baseline).toFixed(2)}x baseline)`);
    console.log(`  hop3 deploy, warm:  ${warm.toFixed(2)} s  (${(warm / cold).toFixed(2)}x cold; aim < 5 s)`);

    await hop3.cli(["apps:destroy", "bench-flask", "--yes"]);
    await hop3.stopServer();
    await hop3.startServer();
    await sleep(2000);
    const pid = hop3.serverPid;
    const bare = await bareNodeRss();
    const idle = rssMiB(pid);
    for (let i = 1; i <= 10; i++) {
      const dir = makeApp({ "requirements.txt": "", Procfile: "web: python3 -m http.server $PORT\n", "index.html": `small app ${i}` });
      await deploySeconds(hop3, `small-${i}`, dir);
    }
    await sleep(2000);
    const loaded = rssMiB(pid);
    console.log("hop3-server resident memory, built JavaScript as installed (aim < 80 MB):");
    console.log(`  bare node 24 process (baseline): ${bare.toFixed(1)} MiB`);
    console.log(`  idle, 0 apps:   ${idle.toFixed(1)} MiB  (${(idle / bare).toFixed(2)}x baseline)`);
    console.log(`  idle, 10 apps:  ${loaded.toFixed(1)} MiB  (${(loaded / bare).toFixed(2)}x baseline)`);
    console.log(`  for contrast, from TypeScript sources (type stripping), idle, 0 apps: ${fromSource.toFixed(1)} MiB`);
  } finally {
    await hop3.close();
  }
}

await main();
