import { createHash } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { AuditEntry, AuditQuery, AuditVerification } from "@hop3/contract";

/** What a caller records; the log adds the time, the id and the chain. */
export interface AuditRecord {
  readonly user: string | null;
  readonly token: string | null;
  readonly sshKey: string | null;
  readonly ip: string | null;
  readonly action: string;
  readonly app: string | null;
  readonly detail: string | null;
  readonly result: string;
}

const genesis = "0".repeat(64);

/**
 * The audit log (docs/adr/0045-audit-log-chain.md): append-only, each entry hashed together
 * with the previous entry's hash, so changing or removing an entry breaks every hash after it.
 */
export class AuditLog {
  readonly #db: DatabaseSync;
  readonly #now: () => Date;

  constructor(db: DatabaseSync, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  append(record: AuditRecord): void {
    // One transaction: two appends never link to the same previous entry.
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const last = this.#db.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").get();
      const id = last ? Number(last.id) + 1 : 1;
      const prev = last ? String(last.hash) : genesis;
      const at = this.#now().toISOString();
      const hash = entryHash(prev, { id, at, ...record });
      this.#db
        .prepare("INSERT INTO audit_log (id, at, user_name, token_name, ssh_key, ip, action, app, detail, result, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run(id, at, record.user, record.token, record.sshKey, record.ip, record.action, record.app, record.detail, record.result, prev, hash);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Entries matching the query, oldest first (the newest `limit` of them). */
  list(query: AuditQuery = {}): AuditEntry[] {
    const filters = [
      ["app = ?", query.app],
      ["user_name = ?", query.user],
      ["at >= ?", query.since],
    ].filter((filter): filter is [string, string] => filter[1] !== undefined);
    const where = filters.map(([condition]) => condition);
    const values = filters.map(([, value]) => value);
    const sql = `SELECT * FROM (SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${query.limit ?? 1000}) ORDER BY id`;
    return this.#db.prepare(sql).all(...values).map(toEntry);
  }

  /** Recomputes the chain from the first entry: ids follow each other and every hash matches. */
  verify(): AuditVerification {
    let prev = genesis;
    let expectedId = 1;
    let count = 0;
    for (const row of this.#db.prepare("SELECT * FROM audit_log ORDER BY id").iterate()) {
      const entry = toEntry(row);
      if (entry.id !== expectedId || String(row.prev_hash) !== prev || entryHash(prev, entry) !== entry.hash) return { ok: false, entries: count, brokenAt: entry.id };
      prev = entry.hash;
      expectedId += 1;
      count += 1;
    }
    return { ok: true, entries: count, brokenAt: null };
  }
}

/** SHA-256 over the previous hash and the entry's fields, in a fixed order. */
function entryHash(prev: string, entry: Omit<AuditEntry, "hash"> & { hash?: string }): string {
  const fields = [entry.id, entry.at, entry.user, entry.token, entry.sshKey, entry.ip, entry.action, entry.app, entry.detail, entry.result];
  return createHash("sha256").update(prev).update(JSON.stringify(fields)).digest("hex");
}

function toEntry(row: Record<string, unknown>): AuditEntry {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    id: Number(row.id),
    at: String(row.at),
    user: text(row.user_name),
    token: text(row.token_name),
    sshKey: text(row.ssh_key),
    ip: text(row.ip),
    action: String(row.action),
    app: text(row.app),
    detail: text(row.detail),
    result: String(row.result),
    hash: String(row.hash),
  };
}
