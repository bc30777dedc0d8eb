import type { DatabaseSync } from "node:sqlite";
import type { SshKey } from "@hop3/contract";

/** A stored SSH key: what the API shows, plus its blob and the id of its API token. */
export interface StoredSshKey extends SshKey {
  readonly base64: string;
  readonly apiTokenId: number;
  readonly userId: number;
}

/** SSH keys in the state database. */
export class KeyStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  list(): StoredSshKey[] {
    return this.#db.prepare(`${selectKeys} ORDER BY k.id`).all().map(toKey);
  }

  findById(id: number): StoredSshKey | null {
    const row = this.#db.prepare(`${selectKeys} WHERE k.id = ?`).get(id);
    return row ? toKey(row) : null;
  }

  findByName(name: string): StoredSshKey | null {
    const row = this.#db.prepare(`${selectKeys} WHERE k.name = ?`).get(name);
    return row ? toKey(row) : null;
  }

  findByBlob(base64: string): StoredSshKey | null {
    const row = this.#db.prepare(`${selectKeys} WHERE k.key_base64 = ?`).get(base64);
    return row ? toKey(row) : null;
  }

  insert(key: Omit<StoredSshKey, "id" | "createdAt">): StoredSshKey {
    const createdAt = new Date().toISOString();
    const result = this.#db
      .prepare("INSERT INTO ssh_keys (name, type, key_base64, bits, fingerprint, api_token_id, created_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(key.name, key.type, key.base64, key.bits, key.fingerprint, key.apiTokenId, createdAt, key.userId);
    return { ...key, id: Number(result.lastInsertRowid), createdAt };
  }

  delete(id: number): void {
    this.#db.prepare("DELETE FROM ssh_keys WHERE id = ?").run(id);
  }
}

const selectKeys = "SELECT k.*, u.name AS user_name FROM ssh_keys k LEFT JOIN users u ON u.id = k.user_id";

function toKey(row: Record<string, unknown>): StoredSshKey {
  return {
    id: Number(row.id),
    name: String(row.name),
    type: String(row.type),
    base64: String(row.key_base64),
    bits: Number(row.bits),
    fingerprint: String(row.fingerprint),
    apiTokenId: Number(row.api_token_id),
    userId: Number(row.user_id),
    user: String(row.user_name ?? ""),
    createdAt: String(row.created_at),
  };
}
