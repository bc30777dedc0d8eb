/**
 * Deploy-return benchmark (issue 12): when does `hop3 deploy` give the prompt back, and when
 * does the new body serve, for a warm redeploy (the app exists, nothing to install), against
 * an earlier commit in the same invocation. Since ADR 40 a deploy answers once the new release
 * serves; the old instances drain (drain-timeout) and stop after. For each tree it prints the
 * medians of alternating rounds (A B A B …) of
 *  - seconds from `hop3 deploy` to the new body through the proxy (polled during the deploy);
 *  - seconds from `hop3 deploy` to its exit;
 *  - the difference (how long the prompt waits after the new body serves).
 * Run as root after scripts/bootstrap.sh:
 *   node bench/deploy-return.ts [--base REV] [--rounds N]
 * REV defaults to the last commit before the background drain.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import type { Hop3Fixture as Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { repoRoot } from "../test/e2e/support/hop3-fixture.ts";

const { values } = parseArgs({ options: { base: { type: "string", default: "0cb2947" }, rounds: { type: "string", default: "7" } } });
const rounds = Number(values.rounds);

interface Side {
  readonly label: string;
  readonly hop3: Fixture;
  readonly served: number[];
  readonly returned: number[];
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

/** Resolves with the time the body first served (polling every 20 ms), or rejects after 60 s. */
async function servedAt(hop3: Fixture, body: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await hop3.viaProxy("bench").catch(() => null);
    if (response?.status === 200 && response.body === body) return performance.now();
    await sleep(20);
  }
  throw new Error(`"${body.trim()}" was not served within 60 s`);
}

async function deployRound(side: Side, round: number): Promise<void> {
  const dir = appDir(round);
  const started = performance.now();
  const served = servedAt(side.hop3, `round ${round}\n`);
  const result = await side.hop3.cli(["deploy", "--app", "bench", dir]);
  const returned = performance.now();
  if (result.code !== 0) throw new Error(`${side.label}: deploy failed\n${result.stdout}${result.stderr}`);
  side.served.push(((await served) - started) / 1000);
  side.returned.push((returned - started) / 1000);
  rmSync(dir, { recursive: true, force: true });
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
    sides.push({ label: `base ${values.base}`, hop3: await startFrom(baseTree), served: [], returned: [] });
    sides.push({ label: "this tree", hop3: await startFrom(repoRoot), served: [], returned: [] });
    // The first deploy of each side creates the app (account, caches): not counted.
    for (const side of sides) await deployRound(side, 0);
    for (const side of sides) side.served.length = side.returned.length = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const side of round % 2 === 0 ? [...sides].reverse() : sides) await deployRound(side, round);
    }
    const [base, current] = sides as [Side, Side];
    const waits = (side: Side) => side.returned.map((returned, i) => returned - (side.served[i] ?? 0));
    const row = (name: string, a: number, b: number) => console.log(`${name.padEnd(36)} ${a.toFixed(3).padStart(8)} ${b.toFixed(3).padStart(10)}`);
    console.log(`deploy return: warm redeploy, ${rounds} alternating rounds, medians in seconds`);
    console.log(`${"".padEnd(36)} ${"base".padStart(8)} ${"this tree".padStart(10)}`);
    row("hop3 deploy to new body served", median(base.served), median(current.served));
    row("hop3 deploy to its exit", median(base.returned), median(current.returned));
    row("exit after the new body served", median(waits(base)), median(waits(current)));
  } finally {
    for (const side of sides) await side.hop3.close().catch(() => undefined);
    execFileSync("git", ["-C", repoRoot, "worktree", "remove", "--force", baseTree], { stdio: "ignore" });
    if (existsSync(baseTree)) rmSync(baseTree, { recursive: true, force: true });
  }
}

await main();
