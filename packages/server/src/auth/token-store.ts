import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { ApiToken } from "@hop3/contract";

/** A caller authenticated by an API token: the token's user, narrowed by the token's limits. */
export interface Principal {
  readonly tokenId: number;
  /** The token's name. */
  readonly name: string;
  readonly userId: number;
  readonly user: string;
  readonly admin: boolean;
  /** The only app the token may act on, or null. */
  readonly app: string | null;
  readonly readOnly: boolean;
  readonly expiresAt: string | null;
  /** The fingerprint of the SSH key acting through this token, if any. */
  readonly sshKey: string | null;
}

/** What a new token is limited to. */
export interface TokenLimits {
  readonly appId?: number | undefined;
  readonly readOnly?: boolean | undefined;
  readonly expiresAt?: string | undefined;
}

const tokenPrefix = "hop3_";
// last_used_at is written at most this often per token: not one write per request.
const lastUsedResolutionMs = 60_000;

/** API tokens, stored as SHA-256 hashes: a stolen database does not reveal them. */
export class TokenStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Creates a token for the user; returns its id and its only plain-text copy. */
  issue(name: string, userId: number, limits: TokenLimits = {}): { id: number; token: string } {
    const token = tokenPrefix + randomBytes(32).toString("base64url");
    const result = this.#db
      .prepare("INSERT INTO api_tokens (name, token_hash, role, created_at, user_id, app_id, read_only, expires_at) VALUES (?, ?, 'admin', ?, ?, ?, ?, ?)")
      .run(name, hashToken(token), new Date().toISOString(), userId, limits.appId ?? null, limits.readOnly ? 1 : 0, limits.expiresAt ?? null);
    return { id: Number(result.lastInsertRowid), token };
  }

  /**
   * Keeps a lost server's token by its hash (ADR 83): the secret its holder has works here as it
   * did there. False when this server has a token of that hash already.
   */
  adopt(token: { name: string; hash: string; userId: number; appId: number | null; readOnly: boolean; expiresAt: string | null; createdAt: string; lastUsedAt: string | null }): boolean {
    const result = this.#db
      .prepare("INSERT INTO api_tokens (name, token_hash, role, created_at, last_used_at, user_id, app_id, read_only, expires_at) VALUES (?, ?, 'admin', ?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING")
      .run(token.name, token.hash, token.createdAt, token.lastUsedAt, token.userId, token.appId, token.readOnly ? 1 : 0, token.expiresAt);
    return Number(result.changes) === 1;
  }

  /** Deletes a token: requests carrying it are refused from now on. */
  revoke(id: number): void {
    this.#db.prepare("DELETE FROM api_tokens WHERE id = ?").run(id);
  }

  count(): number {
    return Number(this.#db.prepare("SELECT count(*) AS n FROM api_tokens").get()?.n ?? 0);
  }

  /** Tokens of one user (or of everyone), newest last. */
  list(userId?: number): ApiToken[] {
    const where = userId === undefined ? "" : "WHERE t.user_id = ?";
    return this.#db
      .prepare(`${selectTokens} ${where} ORDER BY t.id`)
      .all(...(userId === undefined ? [] : [userId]))
      .map(toToken);
  }

  find(id: number): (ApiToken & { userId: number }) | null {
    const row = this.#db.prepare(`${selectTokens} WHERE t.id = ?`).get(id);
    return row ? { ...toToken(row), userId: Number(row.user_id) } : null;
  }

  /** The token's principal; "expired" for a token past its expiry; null for an unknown token. */
  authenticate(token: string, now = new Date()): Principal | "expired" | null {
    if (!token.startsWith(tokenPrefix) || token.length > 200) return null;
    const hash = hashToken(token);
    const row = this.#db.prepare(`${selectTokens} WHERE t.token_hash = ?`).get(hash);
    if (!row || !timingSafeEqual(Buffer.from(String(row.token_hash)), Buffer.from(hash))) return null;
    const info = toToken(row);
    if (info.expiresAt !== null && Date.parse(info.expiresAt) <= now.getTime()) return "expired";
    if (info.lastUsedAt === null || now.getTime() - Date.parse(info.lastUsedAt) > lastUsedResolutionMs) {
      this.#db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(now.toISOString(), info.id);
    }
    return {
      tokenId: info.id,
      name: info.name,
      userId: Number(row.user_id),
      user: info.user,
      admin: Number(row.is_admin) === 1,
      app: info.app,
      readOnly: info.readOnly,
      expiresAt: info.expiresAt,
      sshKey: row.fingerprint === null ? null : String(row.fingerprint),
    };
  }
}

// A token without a user (none exist after migration 014) or whose scoped app is gone matches nothing.
const selectTokens = `SELECT t.*, u.name AS user_name, u.is_admin, a.name AS app_name, k.name AS key_name, k.fingerprint
  FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN apps a ON a.id = t.app_id LEFT JOIN ssh_keys k ON k.api_token_id = t.id`;

function toToken(row: Record<string, unknown>): ApiToken {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    id: Number(row.id),
    name: String(row.name),
    user: String(row.user_name),
    app: text(row.app_name),
    readOnly: Number(row.read_only) === 1,
    expiresAt: text(row.expires_at),
    lastUsedAt: text(row.last_used_at),
    createdAt: String(row.created_at),
    sshKey: text(row.key_name),
  };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
