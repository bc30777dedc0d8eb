/**
 * git push benchmark: prints the seconds from `git push` to the first 200 of the new release
 * through the proxy, warm (the app exists, its dependencies are unchanged, the code changed),
 * for the Flask sample, next to the same figure for `hop3 deploy` (HTTP upload) and for
 * `hop3 deploy` with HOP3_URL=ssh://. Each figure is the median of several runs.
 * Run as root, after scripts/bootstrap.sh: `node bench/git-push.ts` (sources), or
 * `npm run build && node bench/git-push.ts --built` (the built JavaScript, as installed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import { baseEnv, run, SshdFixture } from "../test/e2e/support/sshd-fixture.ts";

const runs = 3;
const built = process.argv.includes("--built");

/** Waits until the app serves `expected`, polling every 10 ms. */
async function untilServes(hop3: Hop3Fixture, app: string, expected: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await hop3.viaProxy(app).catch(() => ({ status: 0, body: "" }));
    if (page.status === 200 && page.body === expected) return;
    await sleep(10);
  }
  throw new Error(`${app} did not serve ${JSON.stringify(expected)} in time`);
}

/** Changes the Flask sample's greeting (and commits it, in a git work tree). */
async function change(dir: string, greeting: string, git: boolean): Promise<string> {
  const file = join(dir, "app.py");
  writeFileSync(file, readFileSync(file, "utf8").replace(/return ".*"/, `return "${greeting}\\n"`));
  if (git) {
    await run("git", ["commit", "-q", "-a", "-m", greeting], { cwd: dir, env: baseEnv(dir) });
  }
  return `${greeting}\n`;
}

async function seconds(work: () => Promise<{ code: number | null; stderr: string }>, hop3: Hop3Fixture, app: string, expected: string): Promise<number> {
  const started = performance.now();
  const result = await work();
  if (result.code !== 0) throw new Error(`deploy of ${app} failed:\n${result.stderr}`);
  await untilServes(hop3, app, expected);
  return (performance.now() - started) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function line(label: string, values: readonly number[], baseline?: number): string {
  const m = median(values);
  const ratio = baseline === undefined ? "" : `  (${(m / baseline).toFixed(2)}x hop3 deploy)`;
  return `  ${label.padEnd(34)} ${m.toFixed(2)} s${ratio}   runs: ${values.map((v) => v.toFixed(2)).join(", ")}`;
}

async function main(): Promise<void> {
  const hop3 = await Hop3Fixture.start({ built });
  let sshd: SshdFixture | undefined;
  try {
    sshd = await SshdFixture.start(hop3.sshUser);
    const key = sshd.newClientKey("bench");
    const added = await hop3.cli(["keys:add", "bench", `${key}.pub`]);
    if (added.code !== 0) throw new Error(added.stderr);
    const viaSsh = { HOP3_URL: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, HOP3_TOKEN: "", HOP3_SSH_COMMAND: sshd.sshCommand(key).join(" ") };

    // Cold first deploys (not measured): each app exists with its dependencies installed.
    const pushed = copySample("flask-app", { git: true });
    const uploaded = copySample("flask-app");
    const uploadedOverSsh = copySample("flask-app");
    const cold = await Promise.all([
      sshd.git(key, ["push", sshd.remote("bench-push"), "main"], { cwd: pushed }),
      hop3.cli(["deploy", "--app", "bench-upload", uploaded]),
      hop3.cli(["deploy", "--app", "bench-ssh", uploadedOverSsh], { env: viaSsh }),
    ]);
    for (const result of cold) if (result.code !== 0) throw new Error(`cold deploy failed:\n${result.stderr}`);

    const push: number[] = [];
    const deploy: number[] = [];
    const deployOverSsh: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const a = await change(pushed, `push ${i}`, true);
      push.push(await seconds(() => sshd!.git(key, ["push", sshd!.remote("bench-push"), "main"], { cwd: pushed }), hop3, "bench-push", a));
      const b = await change(uploaded, `upload ${i}`, false);
      deploy.push(await seconds(() => hop3.cli(["deploy", "--app", "bench-upload", uploaded]), hop3, "bench-upload", b));
      const c = await change(uploadedOverSsh, `ssh upload ${i}`, false);
      deployOverSsh.push(await seconds(() => hop3.cli(["deploy", "--app", "bench-ssh", uploadedOverSsh], { env: viaSsh }), hop3, "bench-ssh", c));
    }
    const startup = performance.now();
    await sshd.ssh(key, "help");
    const sshRoundTrip = (performance.now() - startup) / 1000;

    console.log(`git push to the first 200 of the new release, Flask sample, warm (median of ${runs}; ${built ? "built JavaScript" : "TypeScript sources"}):`);
    console.log(line("hop3 deploy (HTTP upload)", deploy));
    console.log(line("git push (OpenSSH, pre-receive)", push, median(deploy)));
    console.log(line("hop3 deploy, HOP3_URL=ssh://", deployOverSsh, median(deploy)));
    console.log(`  for scale: one \`ssh ${sshd.user}@host help\` round trip (sshd + forced command start): ${sshRoundTrip.toFixed(2)} s`);
  } finally {
    await sshd?.stop();
    await hop3.close();
  }
}

await main();
