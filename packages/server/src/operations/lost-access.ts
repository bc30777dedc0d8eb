import { DatabaseSync } from "node:sqlite";

/** Who could do what on a lost server, as its database copy says (ADR 83): rows as read, not yet checked. */
export interface LostAccess {
  readonly users: readonly LostUser[];
  readonly grants: readonly { readonly userId: number; readonly app: string; readonly role: string }[];
  readonly keys: readonly { readonly userId: number; readonly name: string; readonly type: string; readonly base64: string }[];
  /** Tokens of people and CI; the tokens of SSH keys are not among them (a restored key gets a new one). */
  readonly tokens: readonly LostToken[];
}

export interface LostUser {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly passwordHash: string | null;
  readonly admin: boolean;
  readonly source: string;
  readonly externalId: string | null;
  readonly createdAt: string;
}

export interface LostToken {
  readonly userId: number;
  readonly name: string;
  readonly hash: string;
  /** The only app it may act on, by name, or null. */
  readonly app: string | null;
  readonly readOnly: boolean;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/**
 * Reads the access tables of a lost server's database copy (`server/hop3.db` of a server-level
 * snapshot), read-only, with `SELECT *` so that a copy made by an older Hop3 (fewer columns)
 * reads too. Nothing is trusted here: the caller checks every row.
 */
export function readLostAccess(file: string): LostAccess {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    const users = rows("SELECT * FROM users ORDER BY id").map((row) => ({
      id: Number(row.id),
      name: String(row.name),
      email: textOrNull(row.email),
      passwordHash: textOrNull(row.password_hash),
      admin: Number(row.is_admin) === 1,
      source: String(row.source ?? "local"),
      externalId: textOrNull(row.external_id),
      createdAt: String(row.created_at),
    }));
    const grants = rows("SELECT g.user_id, g.role, a.name AS app FROM app_access g JOIN apps a ON a.id = g.app_id ORDER BY g.user_id, a.name").map((row) => ({
      userId: Number(row.user_id),
      app: String(row.app),
      role: String(row.role),
    }));
    const keys = rows("SELECT * FROM ssh_keys ORDER BY id").map((row) => ({ userId: Number(row.user_id), name: String(row.name), type: String(row.type), base64: String(row.key_base64) }));
    const tokens = rows("SELECT t.*, a.name AS app_name FROM api_tokens t LEFT JOIN apps a ON a.id = t.app_id WHERE t.id NOT IN (SELECT api_token_id FROM ssh_keys) ORDER BY t.id").map((row) => ({
      userId: Number(row.user_id),
      name: String(row.name),
      hash: String(row.token_hash),
      app: row.app_id === null || row.app_id === undefined ? null : String(row.app_name ?? `#${String(row.app_id)}`),
      readOnly: Number(row.read_only) === 1,
      expiresAt: textOrNull(row.expires_at),
      createdAt: String(row.created_at),
      lastUsedAt: textOrNull(row.last_used_at),
    }));
    return { users, grants, keys, tokens };
  } finally {
    db.close();
  }
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
