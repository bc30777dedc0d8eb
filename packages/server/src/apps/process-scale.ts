import type { DatabaseSync } from "node:sqlite";
import { instanceCounts, type InstanceCounts } from "../core/instance-counts.ts";
import type { Release } from "../core/release.ts";

/** The number of instances of each process type set by hand (`hop3 ps:scale`), per app. */
export class ProcessScale {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The types scaled by hand, with their counts. */
  scaledOf(appId: number): Record<string, number> {
    const rows = this.#db.prepare("SELECT type, quantity FROM process_scale WHERE app_id = ? ORDER BY type").all(appId);
    return Object.fromEntries(rows.map((row) => [String(row.type), Number(row.quantity)]));
  }

  set(appId: number, counts: InstanceCounts): void {
    const upsert = this.#db.prepare("INSERT INTO process_scale (app_id, type, quantity) VALUES (?, ?, ?) ON CONFLICT (app_id, type) DO UPDATE SET quantity = excluded.quantity");
    for (const [type, quantity] of Object.entries(counts)) upsert.run(appId, type, quantity);
  }

  /** Forgets the hand-set scale of these types (their formation or 1 applies again). */
  unset(appId: number, types: readonly string[]): void {
    const remove = this.#db.prepare("DELETE FROM process_scale WHERE app_id = ? AND type = ?");
    for (const type of types) remove.run(appId, type);
  }

  /** How many instances of each of the release's process types run. */
  countsOf(appId: number, release: Pick<Release, "processes" | "settings">): Record<string, number> {
    return instanceCounts(Object.keys(release.processes), release.settings.formation, this.scaledOf(appId));
  }
}
