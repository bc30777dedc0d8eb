import { createHash } from "node:crypto";
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from "node:fs";
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
  readonly #anchorFile: string | null;

  /** `anchorFile`: where each new head (id and hash) is appended, outside the database. */
  constructor(db: DatabaseSync, options: { now?: () => Date; anchorFile?: string } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#anchorFile = options.anchorFile ?? null;
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
      // Cutting entries off the end keeps the chain whole; the anchor still names the lost head.
      if (this.#anchorFile !== null) appendFileSync(this.#anchorFile, `${id} ${hash}\n`, { mode: 0o600 });
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * Entries matching the query, oldest first (the newest `limit` of them, or the oldest after
   * `after`). `action` and `before` (entries older than that id) page the web UI's audit page.
   */
  list(query: AuditQuery & { readonly action?: string; readonly before?: number } = {}): AuditEntry[] {
    const filters = [
      ["app = ?", query.app],
      ["user_name = ?", query.user],
      ["at >= ?", query.since],
      ["action = ?", query.action],
    ].filter((filter): filter is [string, string] => filter[1] !== undefined);
    const where = filters.map(([condition]) => condition);
    const values = filters.map(([, value]) => value);
    for (const [condition, id] of [["id > ?", query.after], ["id < ?", query.before]] as const) {
      if (id === undefined) continue;
      where.push(condition);
      values.push(String(id));
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    // Paging forward takes the oldest entries after the id; otherwise the newest.
    const newest = query.after === undefined ? "DESC" : "";
    const sql = `SELECT * FROM (SELECT * FROM audit_log ${clause} ORDER BY id ${newest} LIMIT ${query.limit ?? 1000}) ORDER BY id`;
    return this.#db.prepare(sql).all(...values).map(toEntry);
  }

  /**
   * Recomputes the chain from the first entry: ids follow each other and every hash matches;
   * and the newest head in the anchor file is still in the log, with the same hash.
   */
  verify(): AuditVerification {
    const anchor = this.#anchor();
    let prev = genesis;
    let expectedId = 1;
    let count = 0;
    let anchorSeen = anchor === null;
    for (const row of this.#db.prepare("SELECT * FROM audit_log ORDER BY id").iterate()) {
      const entry = toEntry(row);
      const broken = entry.id !== expectedId || String(row.prev_hash) !== prev || entryHash(prev, entry) !== entry.hash || (anchor?.id === entry.id && anchor.hash !== entry.hash);
      if (broken) return { ok: false, entries: count, brokenAt: entry.id, anchored: anchor?.id ?? null, truncated: false };
      if (anchor?.id === entry.id) anchorSeen = true;
      prev = entry.hash;
      expectedId += 1;
      count += 1;
    }
    // The log ends before the head the anchor recorded: its end was cut off.
    if (!anchorSeen) return { ok: false, entries: count, brokenAt: expectedId, anchored: anchor?.id ?? null, truncated: true };
    return { ok: true, entries: count, brokenAt: null, anchored: anchor?.id ?? null, truncated: false };
  }

  /** The last head in the anchor file (its last 4 KiB are enough), or null when there is none yet. */
  #anchor(): { id: number; hash: string } | null {
    if (this.#anchorFile === null) return null;
    let fd: number;
    try {
      fd = openSync(this.#anchorFile, "r");
    } catch {
      return null;
    }
    try {
      const size = fstatSync(fd).size;
      const tail = Buffer.alloc(Math.min(size, 4096));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      const last = tail.toString("utf8").trimEnd().split("\n").at(-1) ?? "";
      const match = /^([0-9]+) ([0-9a-f]{64})$/.exec(last);
      return match ? { id: Number(match[1]), hash: String(match[2]) } : null;
    } finally {
      closeSync(fd);
    }
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
