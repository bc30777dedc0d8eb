import type { DatabaseSync } from "node:sqlite";
import type { OpenPort } from "../core/host-firewall.ts";

/** The confirmed state of the host firewall: on or off, and the ports the operator let in. */
export interface FirewallSettings {
  readonly enabled: boolean;
  readonly allowed: readonly OpenPort[];
}

/** The host firewall's confirmed settings, in the state database. */
export class FirewallStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  read(): FirewallSettings {
    const row = this.#db.prepare("SELECT enabled FROM firewall WHERE id = 1").get();
    const allowed = this.#db
      .prepare("SELECT port, protocol FROM firewall_ports ORDER BY port, protocol")
      .all()
      .map((port) => ({ port: Number(port.port), protocol: port.protocol === "udp" ? ("udp" as const) : ("tcp" as const) }));
    return { enabled: Number(row?.enabled ?? 0) === 1, allowed };
  }

  write(settings: FirewallSettings): void {
    this.#db.exec("BEGIN");
    try {
      this.#db.prepare("INSERT INTO firewall (id, enabled) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled").run(settings.enabled ? 1 : 0);
      this.#db.prepare("DELETE FROM firewall_ports").run();
      for (const { port, protocol } of settings.allowed) this.#db.prepare("INSERT INTO firewall_ports (port, protocol) VALUES (?, ?)").run(port, protocol);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}
