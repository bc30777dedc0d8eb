import type { DatabaseSync } from "node:sqlite";

/** The process types of each app that were stopped on purpose and must stay stopped. */
export class StoppedProcesses {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  typesOf(appId: number): Set<string> {
    const rows = this.#db.prepare("SELECT type FROM stopped_processes WHERE app_id = ? ORDER BY type").all(appId);
    return new Set(rows.map((row) => String(row.type)));
  }

  add(appId: number, types: readonly string[]): void {
    const insert = this.#db.prepare("INSERT OR IGNORE INTO stopped_processes (app_id, type) VALUES (?, ?)");
    for (const type of types) insert.run(appId, type);
  }

  remove(appId: number, types: readonly string[]): void {
    const remove = this.#db.prepare("DELETE FROM stopped_processes WHERE app_id = ? AND type = ?");
    for (const type of types) remove.run(appId, type);
  }

  clear(appId: number): void {
    this.#db.prepare("DELETE FROM stopped_processes WHERE app_id = ?").run(appId);
  }
}
