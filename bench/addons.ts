/**
 * Addons benchmark (ADR 42, 69): for each type, `addons:create` and `addons:attach` seconds (the
 * first create starts the engine, so it is shown apart from the median of the other nine), then
 * the idle memory of each engine serving 10 addons, each attached to its own app (10 apps): RSS
 * summed over the engine's processes, and PSS (shared pages split among the processes that map
 * them: PostgreSQL's backends share its buffers, RSS counts them once per process).
 * Run as root: `node bench/addons.ts` (after scripts/bootstrap.sh).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { addonsUserOf, Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { mustCli } from "./support/must-cli.ts";

const apps = 10;
const types = ["postgres", "mysql", "redis", "s3"] as const;
/** The engine processes of each type, by their command name (/proc/PID/comm). */
const engineOf: Record<string, (typeof types)[number]> = { postgres: "postgres", mariadbd: "mysql", "redis-server": "redis", versitygw: "s3" };

async function timed(what: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await what();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** kB of RSS and PSS summed over the processes of `uid`, by engine type. */
function memoryOf(uid: number): Record<string, { rss: number; pss: number; processes: number }> {
  const totals: Record<string, { rss: number; pss: number; processes: number }> = {};
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (statSync(`/proc/${pid}`).uid !== uid) continue;
      const type = engineOf[readFileSync(`/proc/${pid}/comm`, "utf8").trim()] ?? (readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("postgres:") ? "postgres" : undefined);
      if (type === undefined) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
      const total = (totals[type] ??= { rss: 0, pss: 0, processes: 0 });
      total.rss += field("Rss");
      total.pss += field("Pss");
      total.processes += 1;
    } catch {
      // Gone meanwhile.
    }
  }
  return totals;
}

async function main(): Promise<void> {
  const hop3 = await Hop3Fixture.start();
  const must = mustCli(hop3);
  try {
    for (let i = 1; i <= apps; i++) await must(["apps:create", `bench-${i}`]);
    const rows: string[] = [];
    for (const type of types) {
      const creates: number[] = [];
      const attaches: number[] = [];
      for (let i = 1; i <= apps; i++) {
        creates.push(await timed(() => must(["addons:create", type, `${type}-${i}`])));
        attaches.push(await timed(() => must(["addons:attach", `${type}-${i}`, `bench-${i}`])));
      }
      rows.push(`  ${type.padEnd(9)} ${creates[0]?.toFixed(2).padStart(12)} ${median(creates.slice(1)).toFixed(2).padStart(14)} ${median(attaches).toFixed(2).padStart(14)}`);
    }
    console.log(`addons:create and addons:attach, seconds from the CLI's view (${apps} addons of each type, each attached to its own app):`);
    console.log("  type      first create   median create  median attach");
    for (const row of rows) console.log(row);
    // Idle: the connections of the attaches are closed; let the engines settle.
    await sleep(5_000);
    const uid = Number(execFileSync("id", ["-u", addonsUserOf(hop3.home)], { encoding: "utf8" }).trim());
    const memory = memoryOf(uid);
    console.log(`\nidle memory of each engine with ${apps} addons, ${apps} attached apps (MiB, summed over its processes):`);
    console.log("  type      processes      RSS      PSS");
    for (const type of types) {
      const m = memory[type] ?? { rss: 0, pss: 0, processes: 0 };
      console.log(`  ${type.padEnd(9)} ${String(m.processes).padStart(9)} ${(m.rss / 1024).toFixed(1).padStart(8)} ${(m.pss / 1024).toFixed(1).padStart(8)}`);
    }
  } finally {
    await hop3.close();
  }
}

await main();
