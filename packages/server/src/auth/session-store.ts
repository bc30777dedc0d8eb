import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { Principal } from "./token-store.ts";

/** A new session: the cookie's value and the CSRF token, both shown only now. */
export interface NewSession {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** Password sign-in sessions (docs/access.md), stored as hashes like API tokens. */
export class SessionStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  create(userId: number, lifetimeMs: number, now = new Date()): NewSession {
    const cookie = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + lifetimeMs).toISOString();
    this.#db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now.toISOString());
    this.#db.prepare("INSERT INTO sessions (session_hash, csrf_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)").run(sha256(cookie), sha256(csrfToken), userId, now.toISOString(), expiresAt);
    return { cookie, csrfToken, expiresAt };
  }

  /**
   * The session's caller; "expired" past its end; null when unknown. With `csrfToken` given
   * (requests that may change something), it must be the session's: else "csrf".
   */
  authenticate(cookie: string, csrfToken: string | null, now = new Date()): Principal | "expired" | "csrf" | null {
    if (!/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
    const row = this.#db
      .prepare("SELECT s.id, s.csrf_hash, s.expires_at, u.id AS user_id, u.name, u.is_admin FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_hash = ?")
      .get(sha256(cookie));
    if (!row) return null;
    if (Date.parse(String(row.expires_at)) <= now.getTime()) return "expired";
    if (csrfToken !== null && !sameHash(sha256(csrfToken), String(row.csrf_hash))) return "csrf";
    return { tokenId: 0, name: "session", userId: Number(row.user_id), user: String(row.name), admin: Number(row.is_admin) === 1, app: null, readOnly: false, expiresAt: String(row.expires_at), sshKey: null };
  }

  /** Ends the session of this cookie (signing out). */
  end(cookie: string): void {
    this.#db.prepare("DELETE FROM sessions WHERE session_hash = ?").run(sha256(cookie));
  }
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
