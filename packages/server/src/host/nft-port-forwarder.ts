import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PortForwarder } from "../core/port-forwarder.ts";
import { runCommand } from "../exec/run-command.ts";
import { renderForwardScript } from "./nft-forward-script.ts";

const systemEnv = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" };

/**
 * Front ports with the kernel's NAT (nftables): a table of its own per state root that sends
 * 127.0.0.1:<front> to 127.0.0.1:<instance>, or to several instances in turn. Each apply is
 * one nft transaction, and conntrack keeps established connections on the instance they
 * started with. The table stays when the server stops, so apps keep serving; it is removed
 * when no app needs it.
 */
export class NftPortForwarder implements PortForwarder {
  readonly name = "nftables";
  readonly table: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(home: string) {
    this.table = `hop3_${createHash("sha256").update(home).digest("hex").slice(0, 8)}`;
  }

  /** True when nft works here (root, kernel support); the server falls back to proxy reloads otherwise. */
  static async available(): Promise<boolean> {
    const result = await runCommand({ argv: ["nft", "list", "tables"], cwd: "/", env: systemEnv, timeoutMs: 10_000 }).catch(() => null);
    return result?.exitCode === 0;
  }

  apply(table: ReadonlyMap<number, readonly number[]>): Promise<void> {
    const next = this.#queue.then(() => this.#apply(table));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #apply(table: ReadonlyMap<number, readonly number[]>): Promise<void> {
    // nft runs the file as one transaction, and connections already established keep their
    // address translation (it lives in conntrack).
    await nftScript(renderForwardScript(this.table, table));
  }
}

/** Runs an nft script as one transaction (all of it or nothing). */
async function nftScript(script: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hop3-nft-"));
  try {
    const file = join(dir, "rules.nft");
    writeFileSync(file, script, { mode: 0o600 });
    const result = await runCommand({ argv: ["nft", "-f", file], cwd: "/", env: systemEnv, timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new Error(`nft -f failed (exit ${result.exitCode}): ${result.tail.join(" ").slice(0, 500)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
