/**
 * Backups benchmark (ADR 47): an app with 200 MB of data (200 files of random bytes, which
 * neither compress nor deduplicate among themselves), then side by side: the first backup, a
 * second one after 1 % of the data changed (2 files rewritten), and a restore in place —
 * seconds from the CLI's view, and the bytes each backup added to the repository.
 * Run as root: `node bench/backups.ts` (after scripts/bootstrap.sh).
 */
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import type { Backup } from "@hop3/contract";
import { mustCli } from "./support/must-cli.ts";

const megabytes = 200;

async function timed<T>(what: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await what();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

async function main(): Promise<void> {
  const hop3 = await Hop3Fixture.start();
  const must = mustCli(hop3);
  try {
    await must(["deploy", "--app", "bench", copySample("release-app")]);
    await must(["run", "bench", "--", "sh", "-c", `for i in $(seq 1 ${megabytes}); do head -c 1048576 /dev/urandom > "$HOP3_DATA_DIR/f$i"; done`]);
    const backup = async () => JSON.parse(await must(["backups:create", "bench", "--json"])) as Backup;
    const [first, firstSeconds] = await timed(backup);
    await must(["run", "bench", "--", "sh", "-c", `for i in 1 2; do head -c 1048576 /dev/urandom > "$HOP3_DATA_DIR/f$i"; done`]);
    const [second, secondSeconds] = await timed(backup);
    const [, restoreSeconds] = await timed(() => must(["backups:restore", "bench", String(second.id)]));
    const mb = (bytes: number | null) => `${((bytes ?? 0) / 1e6).toFixed(1)} MB`;
    console.log(`backups of an app with ${megabytes} MB of data (restic, local repository):`);
    console.log("                         seconds   staged      added to repository");
    console.log(`  first backup           ${firstSeconds.toFixed(2).padStart(7)}   ${mb(first.bytes).padStart(9)}   ${mb(first.added).padStart(9)}`);
    console.log(`  second, 1 % changed    ${secondSeconds.toFixed(2).padStart(7)}   ${mb(second.bytes).padStart(9)}   ${mb(second.added).padStart(9)}`);
    console.log(`  restore in place       ${restoreSeconds.toFixed(2).padStart(7)}   (stop, fetch, unpack as the app, restart through the health check)`);
  } finally {
    await hop3.close();
  }
}

await main();
