/**
 * Stable loopback ports in front of app instances. Changing where a front port leads is
 * atomic for new connections and leaves connections in flight on their old instance — the
 * zero-downtime switch without reloading the proxy.
 */
export interface PortForwarder {
  readonly name: string;
  /**
   * Replaces the whole table (front port -> instance ports) in one step; empty removes it.
   * New connections to a front port with several instances are spread over them in turn.
   */
  apply(table: ReadonlyMap<number, readonly number[]>): Promise<void>;
}
