import type { DatabaseSync } from "node:sqlite";
import { frontPortRange } from "../core/port-ranges.ts";
import { findFreePortIn } from "../runtime/free-port.ts";

/** The stable front port of each app, kept in the state database. */
export class FrontPorts {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(app: string): number | null {
    const row = this.#db.prepare("SELECT port FROM front_ports WHERE app = ?").get(app);
    return row ? Number(row.port) : null;
  }

  /** The app's front port, allocated on first use: a free port of the range nobody listens on. */
  async ensure(app: string): Promise<number> {
    const existing = this.get(app);
    if (existing !== null) return existing;
    const taken = new Set(this.#db.prepare("SELECT port FROM front_ports").all().map((row) => Number(row.port)));
    const port = await findFreePortIn(frontPortRange, taken);
    this.#db.prepare("INSERT INTO front_ports (app, port) VALUES (?, ?)").run(app, port);
    return port;
  }

  release(app: string): void {
    this.#db.prepare("DELETE FROM front_ports WHERE app = ?").run(app);
  }
}

