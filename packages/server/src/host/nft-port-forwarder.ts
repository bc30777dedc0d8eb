import type { PortForwarder } from "../core/port-forwarder.ts";
import { renderForwardScript } from "./nft-forward-script.ts";
import { nftAvailable, runNftScript, tableName } from "./nft-script.ts";

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
  readonly #applyTable: (table: ReadonlyMap<number, readonly number[]>) => Promise<void>;

  /** `applyTable`: how the table reaches nftables — here, or through the privileged parent (ADR 31). */
  constructor(home: string, applyTable?: (table: ReadonlyMap<number, readonly number[]>) => Promise<void>) {
    this.table = tableName("hop3", home);
    this.#applyTable = applyTable ?? ((table) => runNftScript(renderForwardScript(this.table, table)));
  }

  /** True when nft works here (root, kernel support); the server falls back to proxy reloads otherwise. */
  static available(): Promise<boolean> {
    return nftAvailable();
  }

  apply(table: ReadonlyMap<number, readonly number[]>): Promise<void> {
    // nft runs the file as one transaction, and connections already established keep their
    // address translation (it lives in conntrack).
    const next = this.#queue.then(() => this.#applyTable(table));
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
