import type { DatabaseSync } from "node:sqlite";

/** The custom hostnames of the apps and their HSTS choice, in the state database (by app id: they follow a rename). */
export class DomainStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The app's custom hostnames, sorted; by name, as the routing table knows apps. */
  hostsOf(app: string): string[] {
    return this.#db
      .prepare("SELECT d.host FROM app_domains d JOIN apps a ON a.id = d.app_id WHERE a.name = ? ORDER BY d.host")
      .all(app)
      .map((row) => String(row.host));
  }

  /** Every app's wildcard domains (`*.example.org`), whose certificates the server obtains itself (ADR 66). */
  wildcards(): { app: string; host: string }[] {
    return this.#db
      .prepare("SELECT a.name, d.host FROM app_domains d JOIN apps a ON a.id = d.app_id WHERE d.host LIKE '*.%' ORDER BY d.host")
      .all()
      .map((row) => ({ app: String(row.name), host: String(row.host) }));
  }

  /** The name of the app that has this hostname, if any. */
  ownerOf(host: string): string | null {
    const row = this.#db.prepare("SELECT a.name FROM app_domains d JOIN apps a ON a.id = d.app_id WHERE d.host = ?").get(host);
    return row ? String(row.name) : null;
  }

  /** Adds hostnames to an app in one transaction (the caller checked that nobody else has them). */
  add(appId: number, hosts: readonly string[]): void {
    const now = new Date().toISOString();
    this.#transaction(() => {
      const insert = this.#db.prepare("INSERT INTO app_domains (host, app_id, added_at) VALUES (?, ?, ?) ON CONFLICT (host) DO NOTHING");
      for (const host of hosts) insert.run(host, appId, now);
    });
  }

  /** Removes these hostnames of the app (others' are untouched); all of them when `hosts` is absent. */
  remove(appId: number, hosts?: readonly string[]): void {
    this.#transaction(() => {
      if (hosts === undefined) this.#db.prepare("DELETE FROM app_domains WHERE app_id = ?").run(appId);
      else for (const host of hosts) this.#db.prepare("DELETE FROM app_domains WHERE app_id = ? AND host = ?").run(appId, host);
    });
  }

  hstsOf(app: string): boolean {
    return this.#db.prepare("SELECT 1 AS on_ FROM app_hsts h JOIN apps a ON a.id = h.app_id WHERE a.name = ?").get(app) !== undefined;
  }

  setHsts(appId: number, on: boolean): void {
    if (on) this.#db.prepare("INSERT INTO app_hsts (app_id) VALUES (?) ON CONFLICT DO NOTHING").run(appId);
    else this.#db.prepare("DELETE FROM app_hsts WHERE app_id = ?").run(appId);
  }

  #transaction(work: () => void): void {
    this.#db.exec("BEGIN");
    try {
      work();
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}
