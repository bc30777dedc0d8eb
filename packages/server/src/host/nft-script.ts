import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";

/** The environment nft runs with: nothing inherited. */
export const nftEnv = systemEnv;

/** True when nft works here (root, kernel support). */
export async function nftAvailable(): Promise<boolean> {
  const result = await runCommand({ argv: ["nft", "list", "tables"], cwd: "/", env: nftEnv, timeoutMs: 10_000 }).catch(() => null);
  return result?.exitCode === 0;
}

/** Runs an nft script as one transaction (all of it or nothing). */
export async function runNftScript(script: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hop3-nft-"));
  try {
    const file = join(dir, "rules.nft");
    writeFileSync(file, script, { mode: 0o600 });
    const result = await runCommand({ argv: ["nft", "-f", file], cwd: "/", env: nftEnv, timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new Error(`nft -f failed (exit ${result.exitCode}): ${result.tail.join(" ").slice(0, 500)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The script line pair that empties a table: declaring it first makes the delete safe when it does not exist. */
export function dropTableLines(family: "ip" | "inet", table: string): string[] {
  return [`table ${family} ${table} {}`, `delete table ${family} ${table}`];
}

/** `<prefix>_<8 hex of the state root's path>`: one table per state root, so several servers can share a machine. */
export function tableName(prefix: string, home: string): string {
  return `${prefix}_${createHash("sha256").update(home).digest("hex").slice(0, 8)}`;
}
