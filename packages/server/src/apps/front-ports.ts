import { createServer } from "node:net";
import type { DatabaseSync } from "node:sqlite";

/**
 * Front ports are taken from a range below the kernel's ephemeral ports (where instance
 * ports come from), so a front port can never also be some instance's port.
 */
export const frontPortRange = { first: 20000, last: 29999 } as const;

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
    const size = frontPortRange.last - frontPortRange.first + 1;
    // Start at a random place: several state roots on one machine rarely pick the same port.
    const offset = Math.floor(Math.random() * size);
    for (let i = 0; i < size; i++) {
      const port = frontPortRange.first + ((offset + i) % size);
      if (taken.has(port) || !(await isFree(port))) continue;
      this.#db.prepare("INSERT INTO front_ports (app, port) VALUES (?, ?)").run(app, port);
      return port;
    }
    throw new Error(`No free front port left in ${frontPortRange.first}-${frontPortRange.last}`);
  }

  release(app: string): void {
    this.#db.prepare("DELETE FROM front_ports WHERE app = ?").run(app);
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
