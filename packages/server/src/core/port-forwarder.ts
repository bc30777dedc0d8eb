/**
 * Stable loopback ports in front of app instances. Changing where a front port leads is
 * atomic for new connections and leaves connections in flight on their old instance — the
 * zero-downtime switch without reloading the proxy.
 */
export interface PortForwarder {
  readonly name: string;
  /** Replaces the whole table (front port -> instance port) in one step; empty removes it. */
  apply(table: ReadonlyMap<number, number>): Promise<void>;
}
