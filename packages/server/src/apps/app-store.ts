import type { DatabaseSync } from "node:sqlite";
import type { App } from "../core/app.ts";

/** Apps in the state database. */
export class AppStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  list(): App[] {
    return this.#db.prepare("SELECT * FROM apps ORDER BY name").all().map(toApp);
  }

  find(name: string): App | null {
    const row = this.#db.prepare("SELECT * FROM apps WHERE name = ?").get(name);
    return row ? toApp(row) : null;
  }

  insert(name: string, unixUser: string): App {
    const createdAt = new Date().toISOString();
    const result = this.#db.prepare("INSERT INTO apps (name, unix_user, created_at) VALUES (?, ?, ?)").run(name, unixUser, createdAt);
    return { id: Number(result.lastInsertRowid), name, unixUser, createdAt };
  }

  /** Changes an app's name; everything keyed by its id (releases, deploy branch, stopped types) follows. */
  rename(id: number, name: string): void {
    this.#db.prepare("UPDATE apps SET name = ? WHERE id = ?").run(name, id);
  }

  delete(id: number): void {
    this.#db.prepare("DELETE FROM apps WHERE id = ?").run(id);
  }
}

function toApp(row: Record<string, unknown>): App {
  return { id: Number(row.id), name: String(row.name), unixUser: String(row.unix_user), createdAt: String(row.created_at) };
}
