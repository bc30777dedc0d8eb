import { randomBytes } from "node:crypto";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FirewallRules, HostFirewall } from "../core/host-firewall.ts";
import { startRollbackTimer } from "../exec/start-rollback-timer.ts";
import { renderFirewallScript } from "./nft-firewall-script.ts";
import { runNftScript, tableName } from "./nft-script.ts";
import { sshPorts } from "./ssh-ports.ts";

const rollbackFile = /^firewall-rollback-[0-9a-f]{32}\.nft$/;

/**
 * The host firewall in its own nftables table (`inet hop3fw_<hash>`, separate from the apps'
 * guard table). A change applied with rollback leaves a script of the earlier rules in the
 * server's run directory and a detached timer that applies it unless the file is gone by
 * then: confirming deletes the file. A newer change cancels the older pending rollbacks.
 */
export class NftHostFirewall implements HostFirewall {
  readonly available: boolean;
  readonly table: string;
  readonly #runDir: string;

  constructor(options: { readonly home: string; readonly runDir: string; readonly available: boolean }) {
    this.table = tableName("hop3fw", options.home);
    this.#runDir = options.runDir;
    this.available = options.available;
  }

  sshPorts(): Promise<number[]> {
    return sshPorts();
  }

  async apply(rules: FirewallRules): Promise<void> {
    this.#cancelRollbacks();
    await runNftScript(renderFirewallScript(this.table, rules));
  }

  async applyWithRollback(rules: FirewallRules, fallback: FirewallRules, seconds: number): Promise<string> {
    this.#cancelRollbacks();
    const id = randomBytes(16).toString("hex");
    const script = join(this.#runDir, `firewall-rollback-${id}.nft`);
    writeFileSync(script, renderFirewallScript(this.table, fallback), { mode: 0o600 });
    // The timer first: if applying fails half way, the earlier rules still come back.
    startRollbackTimer({ seconds, script, logFile: join(this.#runDir, "firewall-rollback.log") });
    await runNftScript(renderFirewallScript(this.table, rules));
    return id;
  }

  async confirm(id: string): Promise<boolean> {
    if (!/^[0-9a-f]{32}$/.test(id)) return false;
    const script = join(this.#runDir, `firewall-rollback-${id}.nft`);
    try {
      rmSync(script);
      return true;
    } catch {
      return false;
    }
  }

  #cancelRollbacks(): void {
    for (const name of readdirSync(this.#runDir)) if (rollbackFile.test(name)) rmSync(join(this.#runDir, name), { force: true });
  }
}
