import type { DatabaseSync } from "node:sqlite";
import { Hop3Error, isUserName, type AppRole, type User } from "@hop3/contract";

/** A user as stored: what the API shows, and the password hash it never shows. */
export interface StoredUser extends User {
  readonly passwordHash: string | null;
  /** Where the user comes from: `hop3 users:add`, or a single sign-on (ADR 59, 60). */
  readonly source: "local" | "oidc" | "ldap";
  readonly externalId: string | null;
}

/** Users and their roles per app, in the state database. */
export class UserStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  list(): StoredUser[] {
    return this.#db.prepare("SELECT * FROM users ORDER BY name").all().map(toUser);
  }

  find(name: string): StoredUser | null {
    const row = this.#db.prepare("SELECT * FROM users WHERE name = ?").get(name);
    return row ? toUser(row) : null;
  }

  /** The user, or `USER_NOT_FOUND`. */
  get(name: string): StoredUser {
    const user = this.find(name);
    if (!user) throw new Hop3Error("USER_NOT_FOUND", `No user is named ${JSON.stringify(name.slice(0, 64))}.`);
    return user;
  }

  count(): number {
    return Number(this.#db.prepare("SELECT count(*) AS n FROM users").get()?.n ?? 0);
  }

  admins(): number {
    return Number(this.#db.prepare("SELECT count(*) AS n FROM users WHERE is_admin = 1").get()?.n ?? 0);
  }

  add(user: { name: string; email?: string | undefined; admin: boolean }): StoredUser {
    if (!isUserName(user.name)) throw new Hop3Error("USER_NAME_INVALID", `The user name ${JSON.stringify(user.name.slice(0, 64))} is not valid.`);
    if (this.find(user.name)) throw new Hop3Error("USER_EXISTS", `A user named "${user.name}" already exists.`);
    this.#db.prepare("INSERT INTO users (name, email, is_admin, created_at) VALUES (?, ?, ?, ?)").run(user.name, user.email ?? null, user.admin ? 1 : 0, new Date().toISOString());
    return this.get(user.name);
  }

  /** Adds a user of a lost server's database as it was there (ADR 83): its password hash, admin flag and sign-in source. */
  restore(user: Omit<StoredUser, "id" | "hasPassword">): StoredUser {
    this.#db
      .prepare("INSERT INTO users (name, email, password_hash, is_admin, created_at, source, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(user.name, user.email, user.passwordHash, user.admin ? 1 : 0, user.createdAt, user.source, user.externalId);
    return this.get(user.name);
  }

  /** The user a single sign-on provider knows by this id. */
  findExternal(source: "oidc" | "ldap", externalId: string): StoredUser | null {
    const row = this.#db.prepare("SELECT * FROM users WHERE source = ? AND external_id = ?").get(source, externalId);
    return row ? toUser(row) : null;
  }

  /** Adds a user from a single sign-on (no password of Hop3's). */
  addExternal(user: { name: string; email: string | null; source: "oidc" | "ldap"; externalId: string }): StoredUser {
    this.#db.prepare("INSERT INTO users (name, email, is_admin, created_at, source, external_id) VALUES (?, ?, 0, ?, ?, ?)").run(user.name, user.email, new Date().toISOString(), user.source, user.externalId);
    return this.get(user.name);
  }

  /** What a provider says of a user at each sign-in: their email and whether they are an admin. */
  updateExternal(id: number, email: string | null, admin: boolean): void {
    this.#db.prepare("UPDATE users SET email = ?, is_admin = ? WHERE id = ?").run(email, admin ? 1 : 0, id);
  }

  /** Removes the user; their grants and tokens go with them (the caller removes their SSH keys first). */
  remove(id: number): void {
    this.#db.exec("BEGIN");
    try {
      this.#db.prepare("DELETE FROM api_tokens WHERE user_id = ?").run(id);
      this.#db.prepare("DELETE FROM users WHERE id = ?").run(id);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  setPasswordHash(id: number, hash: string): void {
    this.#db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(hash, id);
  }

  /** The user's role on the app, or null when they have none. */
  roleOn(userId: number, app: string): AppRole | null {
    const row = this.#db.prepare("SELECT g.role FROM app_access g JOIN apps a ON a.id = g.app_id WHERE g.user_id = ? AND a.name = ?").get(userId, app);
    return row ? (String(row.role) as AppRole) : null;
  }

  /** Every app the user has a role on, by name. */
  rolesOf(userId: number): { app: string; role: AppRole }[] {
    return this.#db
      .prepare("SELECT a.name AS app, g.role FROM app_access g JOIN apps a ON a.id = g.app_id WHERE g.user_id = ? ORDER BY a.name")
      .all(userId)
      .map((row) => ({ app: String(row.app), role: String(row.role) as AppRole }));
  }

  grants(appId: number): { user: string; role: AppRole }[] {
    return this.#db
      .prepare("SELECT u.name AS user, g.role FROM app_access g JOIN users u ON u.id = g.user_id WHERE g.app_id = ? ORDER BY u.name")
      .all(appId)
      .map((row) => ({ user: String(row.user), role: String(row.role) as AppRole }));
  }

  grant(appId: number, userId: number, role: AppRole): void {
    this.#db.prepare("INSERT INTO app_access (app_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (app_id, user_id) DO UPDATE SET role = excluded.role").run(appId, userId, role);
  }

  /** True when there was a grant to remove. */
  revoke(appId: number, userId: number): boolean {
    return Number(this.#db.prepare("DELETE FROM app_access WHERE app_id = ? AND user_id = ?").run(appId, userId).changes) > 0;
  }
}

function toUser(row: Record<string, unknown>): StoredUser {
  return {
    id: Number(row.id),
    name: String(row.name),
    email: row.email === null ? null : String(row.email),
    admin: Number(row.is_admin) === 1,
    hasPassword: row.password_hash !== null,
    passwordHash: row.password_hash === null ? null : String(row.password_hash),
    createdAt: String(row.created_at),
    source: String(row.source ?? "local") as StoredUser["source"],
    externalId: row.external_id === null || row.external_id === undefined ? null : String(row.external_id),
  };
}
