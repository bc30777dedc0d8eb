/**
 * Privilege-boundary benchmark (issue 11): what the security work costs a user, measured
 * against an earlier commit in the same invocation. For each of the two trees it prints
 *  - seconds from `hop3 deploy` of a changed Procfile app to its new body through the proxy
 *    (warm redeploy: the app exists, nothing to install);
 *  - seconds of `hop3 run APP -- true` (a one-off command in the app's sandbox, round trip);
 * as medians of alternating rounds (A B A B …, so drift of a shared machine hits both), and
 * the ratio this tree / base tree. Run as root after scripts/bootstrap.sh:
 *   node bench/privilege-boundary.ts [--base REV] [--rounds N]
 * REV defaults to the last commit before the unprivileged daemon (a0fd026; step 1 was measured against 6001c0f, see docs/adr/0027 and 0031).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import type { Hop3Fixture as Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { repoRoot } from "../test/e2e/support/hop3-fixture.ts";

const { values } = parseArgs({ options: { base: { type: "string", default: "a0fd026" }, rounds: { type: "string", default: "7" } } });
const rounds = Number(values.rounds);

interface Side {
  readonly label: string;
  readonly hop3: Fixture;
  readonly deploys: number[];
  readonly runs: number[];
}

/** A checkout of `rev` beside this one, sharing the installed dependencies. */
function checkout(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hop3-bench-base-"));
  execFileSync("git", ["-C", repoRoot, "worktree", "add", "--detach", dir, rev], { stdio: "ignore" });
  cpSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  return dir;
}

async function startFrom(tree: string): Promise<Fixture> {
  const module = (await import(join(tree, "test/e2e/support/hop3-fixture.ts"))) as { Hop3Fixture: typeof Fixture };
  return module.Hop3Fixture.start();
}

/** A Procfile app whose body names its round, so a test of the new body cannot see the old one. */
function appDir(round: number): string {
  const dir = mkdtempSync(join(tmpdir(), "hop3-bench-app-"));
  writeFileSync(join(dir, "Procfile"), "web: python3 -m http.server $PORT --bind 127.0.0.1 --directory site\n");
  execFileSync("mkdir", ["-p", join(dir, "site")]);
  writeFileSync(join(dir, "site", "index.html"), `round ${round}\n`);
  return dir;
}

async function untilBody(hop3: Fixture, body: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await hop3.viaProxy("bench").catch(() => null);
    if (response?.status === 200 && response.body === body) return;
    await sleep(20);
  }
  throw new Error(`"${body.trim()}" was not served within 60 s`);
}

async function deployRound(side: Side, round: number): Promise<void> {
  const dir = appDir(round);
  const started = performance.now();
  const result = await side.hop3.cli(["deploy", "--app", "bench", dir]);
  if (result.code !== 0) throw new Error(`${side.label}: deploy failed\n${result.stdout}${result.stderr}`);
  await untilBody(side.hop3, `round ${round}\n`);
  side.deploys.push((performance.now() - started) / 1000);
  rmSync(dir, { recursive: true, force: true });
}

async function runRound(side: Side): Promise<void> {
  const started = performance.now();
  const result = await side.hop3.cli(["run", "bench", "--", "true"]);
  if (result.code !== 0) throw new Error(`${side.label}: hop3 run failed\n${result.stdout}${result.stderr}`);
  side.runs.push((performance.now() - started) / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const baseTree = checkout(values.base);
  const sides: Side[] = [];
  try {
    sides.push({ label: `base ${values.base}`, hop3: await startFrom(baseTree), deploys: [], runs: [] });
    sides.push({ label: "this tree", hop3: await startFrom(repoRoot), deploys: [], runs: [] });
    // The first deploy of each side creates the app (account, caches): not counted.
    for (const side of sides) await deployRound(side, 0);
    for (const side of sides) side.deploys.length = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const side of round % 2 === 0 ? [...sides].reverse() : sides) {
        await deployRound(side, round);
        await runRound(side);
      }
    }
    const [base, current] = sides as [Side, Side];
    const row = (name: string, a: number, b: number) => console.log(`${name.padEnd(34)} ${a.toFixed(3).padStart(8)} ${b.toFixed(3).padStart(10)} ${(b / a).toFixed(2).padStart(7)}`);
    console.log(`privilege boundary: ${rounds} alternating rounds, medians in seconds`);
    console.log(`${"".padEnd(34)} ${"base".padStart(8)} ${"this tree".padStart(10)} ${"ratio".padStart(7)}`);
    row("warm redeploy to new body", median(base.deploys), median(current.deploys));
    row("hop3 run APP -- true", median(base.runs), median(current.runs));
  } finally {
    for (const side of sides) await side.hop3.close().catch(() => undefined);
    execFileSync("git", ["-C", repoRoot, "worktree", "remove", "--force", baseTree], { stdio: "ignore" });
    if (existsSync(baseTree)) rmSync(baseTree, { recursive: true, force: true });
  }
}

await main();
