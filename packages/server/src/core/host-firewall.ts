/** A port let in by the host firewall. */
export interface OpenPort {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
}

/** What the host firewall does: nothing (`null`), or let in only these ports (plus loopback and replies). */
export type FirewallRules = readonly OpenPort[] | null;

/**
 * The host firewall (ADR 24): one nftables table owned by Hop3. A change that may close the
 * way in is applied with a rollback: unless confirmed in time, the earlier rules come back,
 * even if the server is gone by then.
 */
export interface HostFirewall {
  /** False when it cannot work here (no nft, not root). */
  readonly available: boolean;
  /** The TCP ports sshd listens on beyond loopback (always let in: a change never locks the operator out). */
  sshPorts(): Promise<number[]>;
  /** Applies the rules at once. */
  apply(rules: FirewallRules): Promise<void>;
  /** Applies `rules`; `fallback` comes back after `seconds` unless `confirm(id)` is called first. Returns the id. */
  applyWithRollback(rules: FirewallRules, fallback: FirewallRules, seconds: number): Promise<string>;
  /** Keeps a change applied with rollback; false when it is no longer pending (confirmed, or rolled back). */
  confirm(id: string): Promise<boolean>;
}
