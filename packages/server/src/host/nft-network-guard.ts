import type { NetworkGuard } from "../core/network-guard.ts";
import { renderGuardScript, type GuardRules } from "./nft-guard-script.ts";
import { runNftScript, tableName } from "./nft-script.ts";

/**
 * The network guard in nftables (ADR 24): a table of its own per state root (`inet hop3g_<hash>`),
 * beside the front ports' NAT table, rebuilt whole in one transaction when an app account
 * appears or goes, or when an app's own ports change. Like the NAT table it stays when the
 * server stops (the apps keep running, still confined) and is removed when no app is left.
 */
export class NftNetworkGuard implements NetworkGuard {
  readonly name = "nftables";
  readonly table: string;
  readonly #closedPorts: readonly number[];
  readonly #uids = new Map<string, number>();
  #own: ReadonlyMap<string, readonly number[]> = new Map();
  #applied = "";
  #queue: Promise<unknown> = Promise.resolve();
  readonly #applyRules: (rules: GuardRules) => Promise<void>;

  /**
   * `closedPorts`: Hop3's own loopback TCP ports no app may connect to (the API port).
   * `applyRules`: how the rules reach nftables — here, or through the privileged parent (ADR 31).
   */
  constructor(home: string, closedPorts: readonly number[], applyRules?: (rules: GuardRules) => Promise<void>) {
    this.table = tableName("hop3g", home);
    this.#closedPorts = closedPorts;
    this.#applyRules = applyRules ?? ((rules) => runNftScript(renderGuardScript(this.table, rules)));
  }

  admit(apps: ReadonlyMap<string, number>): Promise<void> {
    for (const [app, uid] of apps) this.#uids.set(app, uid);
    return this.#apply();
  }

  forget(uid: number): Promise<void> {
    for (const [app, known] of this.#uids) if (known === uid) this.#uids.delete(app);
    return this.#apply();
  }

  ownPorts(ports: ReadonlyMap<string, readonly number[]>): Promise<void> {
    this.#own = ports;
    return this.#apply();
  }

  #apply(): Promise<void> {
    const next = this.#queue.then(async () => {
      const own = [...this.#own].flatMap(([app, ports]) => {
        const uid = this.#uids.get(app);
        return uid === undefined ? [] : ports.map((port) => ({ uid, port }));
      });
      const rules: GuardRules = { appUids: [...this.#uids.values()], own, closedPorts: this.#closedPorts };
      const script = renderGuardScript(this.table, rules);
      // Most calls (an identity looked up again) change nothing: nft is not run for them.
      if (script === this.#applied) return;
      await this.#applyRules(rules);
      this.#applied = script;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
