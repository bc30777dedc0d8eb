import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";

export type Role = "admin";

/** A caller authenticated by an API token. */
export interface Principal {
  readonly tokenId: number;
  readonly name: string;
  readonly role: Role;
}

const tokenPrefix = "hop3_";

/** API tokens, stored as SHA-256 hashes: a stolen database does not reveal them. */
export class TokenStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Creates a token and returns its only plain-text copy. */
  create(name: string, role: Role): string {
    return this.issue(name, role).token;
  }

  /** Creates a token; returns its id (to revoke it later) and its only plain-text copy. */
  issue(name: string, role: Role): { id: number; token: string } {
    const token = tokenPrefix + randomBytes(32).toString("base64url");
    const result = this.#db
      .prepare("INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (?, ?, ?, ?)")
      .run(name, hashToken(token), role, new Date().toISOString());
    return { id: Number(result.lastInsertRowid), token };
  }

  /** Deletes a token: requests carrying it are refused from now on. */
  revoke(id: number): void {
    this.#db.prepare("DELETE FROM api_tokens WHERE id = ?").run(id);
  }

  count(): number {
    return Number(this.#db.prepare("SELECT count(*) AS n FROM api_tokens").get()?.n ?? 0);
  }

  /** Returns the token's principal, or null for an unknown token. */
  authenticate(token: string): Principal | null {
    if (!token.startsWith(tokenPrefix) || token.length > 200) return null;
    const hash = hashToken(token);
    const row = this.#db.prepare("SELECT id, name, role, token_hash FROM api_tokens WHERE token_hash = ?").get(hash);
    if (!row || !timingSafeEqual(Buffer.from(String(row.token_hash)), Buffer.from(hash))) return null;
    return { tokenId: Number(row.id), name: String(row.name), role: row.role as Role };
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
