/**
 * Releases benchmark: prints
 *  - failed requests under steady load (2 clients, a new connection per request) during N
 *    redeploys through Hop3's zero-downtime switch — must be 0;
 *  - the time of the switch (new instances healthy → routed) and of a rollback;
 *  - for contrast, the same load during N restarts in place of the same app (stop, then start
 *    on the same port, as Piku does), without Hop3.
 * Run as root: `node bench/releases.ts [N]` (after scripts/bootstrap.sh).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { findFreePort } from "../packages/server/src/runtime/free-port.ts";
import { waitForPort } from "../packages/server/src/runtime/wait-for-port.ts";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import { steadyLoad } from "../test/e2e/support/steady-load.ts";

const rounds = Number(process.argv[2] ?? 10);

function version(n: number): string {
  const dir = copySample("release-app");
  writeFileSync(join(dir, "VERSION"), `v${n}\n`);
  return dir;
}

/** Piku-style: the same app on a fixed port, stopped and started again in place, N times. */
async function restartInPlace(times: number) {
  const dir = version(0);
  const port = await findFreePort();
  const start = () => spawn("python3", ["app.py"], { cwd: dir, env: { PATH: "/usr/bin:/bin", PORT: String(port) }, stdio: "ignore" });
  let app = start();
  await waitForPort(port, { timeoutMs: 10_000, stillTrying: () => true });
  const load = steadyLoad({ port, host: "bench.localhost" });
  for (let n = 1; n <= times; n++) {
    await sleep(300);
    const exited = once(app, "exit");
    app.kill("SIGTERM");
    const killer = setTimeout(() => app.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
    app = start();
    await waitForPort(port, { timeoutMs: 10_000, stillTrying: () => true, intervalMs: 10 });
  }
  await sleep(300);
  const report = await load.stop();
  app.kill("SIGKILL");
  return report;
}

const hop3 = await Hop3Fixture.start();
try {
  const first = await hop3.cli(["deploy", "--app", "bench", version(0)]);
  if (first.code !== 0) throw new Error(first.stderr);

  const switchSeconds: number[] = [];
  const load = steadyLoad({ port: hop3.httpPort, host: "bench.localhost" });
  for (let n = 1; n <= rounds; n++) {
    const result = await hop3.cli(["deploy", "--app", "bench", version(n)]);
    if (result.code !== 0) throw new Error(result.stderr);
    const switched = /Switched in ([\d.]+)s/.exec(result.stdout);
    if (switched?.[1]) switchSeconds.push(Number(switched[1]));
  }
  const started = performance.now();
  const rollback = await hop3.cli(["rollback", "bench"]);
  const rollbackSeconds = (performance.now() - started) / 1000;
  if (rollback.code !== 0) throw new Error(rollback.stderr);
  const zeroDowntime = await load.stop();

  const inPlace = await restartInPlace(rounds);

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  console.log(`zero-downtime redeploys under steady load (${rounds} deploys + 1 rollback):`);
  console.log(`  requests: ${zeroDowntime.requests}, failed: ${zeroDowntime.failures}${zeroDowntime.failures ? ` (${zeroDowntime.failureSamples.join("; ")})` : ""}`);
  console.log(`  switch (start beside → healthy → routed): mean ${mean(switchSeconds).toFixed(2)} s, max ${Math.max(...switchSeconds).toFixed(2)} s`);
  console.log(`  rollback (hop3 rollback, end to end): ${rollbackSeconds.toFixed(2)} s`);
  console.log(`restart in place (stop, start on the same port) under the same load, ${rounds} restarts, for contrast:`);
  console.log(`  requests: ${inPlace.requests}, failed: ${inPlace.failures} (${((100 * inPlace.failures) / Math.max(1, inPlace.requests)).toFixed(1)}%)`);
} finally {
  await hop3.close();
}
