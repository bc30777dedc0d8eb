import { appRoles, isUserName, type AppRole, type ServerRestoreAccess } from "@hop3/contract";
import { isPasswordHash } from "../auth/password-hash.ts";
import type { TokenStore } from "../auth/token-store.ts";
import type { StoredUser, UserStore } from "../auth/user-store.ts";
import type { KeyService } from "../keys/key-service.ts";
import type { LostAccess, LostToken, LostUser } from "./lost-access.ts";

export interface AccessRestoreDeps {
  readonly users: Pick<UserStore, "find" | "findExternal" | "restore" | "setPasswordHash" | "roleOn" | "grant">;
  readonly tokens: Pick<TokenStore, "adopt">;
  readonly keys: Pick<KeyService, "restore">;
  /** An app of this server by name (the restored ones), or null. */
  readonly app: (name: string) => { readonly id: number } | null;
  /** Runs the database writes in one transaction. */
  readonly transaction: <T>(run: () => T) => T;
  readonly now: () => Date;
}

/** The counts and what was skipped; the caller adds the repository and snapshot. */
export type AccessRestored = Omit<ServerRestoreAccess, "repository" | "snapshot">;

type Skipped = ServerRestoreAccess["skipped"][number];

// The patterns of the API (contract users.ts: CreateTokenBody's name, CreateUserBody's email).
const tokenNamePattern = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$/;
const emailPattern = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

/**
 * Brings a lost server's users, app roles, SSH keys and API tokens into this fresh server
 * (ADR 83), checking every row as the API would, never trusting the copy:
 * - a user of a name this server lacks is added as it was (password hash, admin flag, email, sign-in source);
 * - a user of a name this server has (its first admin, "admin") is merged: it keeps this
 *   server's password, admin flag and tokens — whoever set the server up is never locked out —
 *   takes the lost password only when it has none, and gains the lost one's roles, keys and tokens;
 * - a role is granted on an app this server has (the restored ones), the stronger one kept
 *   when the user has a role there already; roles on other apps are skipped and named;
 * - tokens keep their hash, name, app scope, read-only flag and expiry: the secret their holder
 *   has works again (an expired one is skipped); SSH keys get a new token each, as `keys:add` gives.
 */
export class AccessRestore {
  readonly #deps: AccessRestoreDeps;

  constructor(deps: AccessRestoreDeps) {
    this.#deps = deps;
  }

  async restore(lost: LostAccess): Promise<AccessRestored> {
    const run = new RestoreRun(lost);
    this.#deps.transaction(() => {
      for (const user of lost.users) this.#user(run, user);
      for (const grant of lost.grants) this.#grant(run, grant);
      for (const token of lost.tokens) this.#token(run, token);
    });
    const keys = lost.keys.flatMap((key) => {
      const userId = run.ownerOf(key.userId, shownName(key.name), "ssh-key");
      // The parser (the one of `hop3 keys:add`) checks the type and the blob.
      return userId === null ? [] : [{ name: key.name, publicKey: `${key.type} ${key.base64}`, userId }];
    });
    const restoredKeys = await this.#deps.keys.restore(keys);
    for (const key of restoredKeys.skipped) run.skip("ssh-key", shownName(key.name), key.reason);
    return { users: run.users, merged: run.merged, grants: run.grants, sshKeys: restoredKeys.added.length, tokens: run.tokens, skipped: run.skipped };
  }

  #user(run: RestoreRun, user: LostUser): void {
    const problem = invalidUser(user);
    if (problem) return run.skipUser(user, problem);
    const here = this.#deps.users.find(user.name);
    if (here) {
      if (!here.hasPassword && user.passwordHash !== null && here.source === "local" && user.source === "local") this.#deps.users.setPasswordHash(here.id, user.passwordHash);
      run.userIds.set(user.id, here.id);
      run.merged.push(user.name);
      return;
    }
    const source = user.source as StoredUser["source"];
    const holder = source !== "local" && user.externalId !== null ? this.#deps.users.findExternal(source, user.externalId) : null;
    if (holder) return run.skipUser(user, `its ${source} identity belongs to the user "${holder.name}" of this server`);
    const created = Date.parse(user.createdAt);
    const restored = this.#deps.users.restore({ ...user, source, createdAt: Number.isNaN(created) ? this.#deps.now().toISOString() : new Date(created).toISOString() });
    run.userIds.set(user.id, restored.id);
    run.users += 1;
  }

  #grant(run: RestoreRun, grant: LostAccess["grants"][number]): void {
    const what = `${shownName(run.lostNames.get(grant.userId) ?? "?")} on ${shownName(grant.app)}`;
    const userId = run.ownerOf(grant.userId, what, "grant");
    if (userId === null) return;
    if (!isAppRole(grant.role)) return run.skip("grant", what, `the role ${JSON.stringify(grant.role.slice(0, 32))} is not one of ${appRoles.join(", ")}`);
    const app = this.#deps.app(grant.app);
    if (!app) return run.skip("grant", what, `the app "${shownName(grant.app)}" was not restored`);
    this.#deps.users.grant(app.id, userId, stronger(this.#deps.users.roleOn(userId, grant.app), grant.role));
    run.grants += 1;
  }

  #token(run: RestoreRun, token: LostToken): void {
    const userId = run.ownerOf(token.userId, shownName(token.name), "token");
    if (userId === null) return;
    const problem = this.#invalidToken(token);
    if (problem) return run.skip("token", shownName(token.name), problem);
    const appId = token.app === null ? null : (this.#deps.app(token.app)?.id ?? null);
    if (token.app !== null && appId === null) return run.skip("token", token.name, `the app it is limited to ("${shownName(token.app)}") was not restored`);
    const created = Date.parse(token.createdAt);
    const adopted = this.#deps.tokens.adopt({ ...token, userId, appId, createdAt: Number.isNaN(created) ? this.#deps.now().toISOString() : token.createdAt, lastUsedAt: token.lastUsedAt !== null && !Number.isNaN(Date.parse(token.lastUsedAt)) ? token.lastUsedAt : null });
    if (adopted) run.tokens += 1;
    else run.skip("token", token.name, "this server has it already");
  }

  #invalidToken(token: LostToken): string | null {
    if (!tokenNamePattern.test(token.name)) return "its name is not a valid token name";
    if (!/^[0-9a-f]{64}$/.test(token.hash)) return "its hash is not a SHA-256 hash";
    if (token.expiresAt !== null) {
      const expires = Date.parse(token.expiresAt);
      if (Number.isNaN(expires)) return `its expiry ${JSON.stringify(token.expiresAt.slice(0, 40))} is not a date`;
      if (expires <= this.#deps.now().getTime()) return `it expired on ${token.expiresAt}`;
    }
    return null;
  }
}

/** What one restore has done so far: counts, skips, and the lost user ids mapped to this server's. */
class RestoreRun {
  readonly skipped: Skipped[] = [];
  readonly merged: string[] = [];
  users = 0;
  grants = 0;
  tokens = 0;
  /** Lost user id → this server's user id, for the users restored or merged. */
  readonly userIds = new Map<number, number>();
  readonly lostNames: ReadonlyMap<number, string>;
  readonly #skippedUsers = new Set<number>();

  constructor(lost: LostAccess) {
    this.lostNames = new Map(lost.users.map((user) => [user.id, user.name]));
  }

  skip(kind: Skipped["kind"], name: string, reason: string): void {
    this.skipped.push({ kind, name, reason });
  }

  skipUser(user: LostUser, reason: string): void {
    this.skip("user", shownName(user.name), reason);
    this.#skippedUsers.add(user.id);
  }

  /** This server's id of the lost user owning a row, or null (the row skipped, naming why). */
  ownerOf(userId: number, what: string, kind: Skipped["kind"]): number | null {
    const id = this.userIds.get(userId);
    if (id !== undefined) return id;
    const name = this.lostNames.get(userId);
    this.skip(kind, what, name === undefined ? "it belongs to no user" : this.#skippedUsers.has(userId) ? `its user "${name}" was skipped` : `its user "${name}" was not restored`);
    return null;
  }
}

/** Why a lost server's user cannot come back, or null. */
function invalidUser(user: LostUser): string | null {
  if (!isUserName(user.name)) return "its name is not a valid user name";
  if (user.email !== null && (user.email.length > 254 || !emailPattern.test(user.email))) return "its email is not an email address";
  if (user.source !== "local" && user.source !== "oidc" && user.source !== "ldap") return `its sign-in source ${JSON.stringify(user.source.slice(0, 16))} is not local, oidc or ldap`;
  if (user.source === "local" && user.externalId !== null) return "a local user with an external identity";
  if (user.source !== "local" && (user.externalId === null || user.externalId === "" || user.externalId.length > 1000)) return `its ${user.source} identity is missing or too long`;
  if (user.passwordHash !== null && (user.source !== "local" || !isPasswordHash(user.passwordHash))) return "its password hash is not one Hop3 writes";
  return null;
}

function isAppRole(role: string): role is AppRole {
  return (appRoles as readonly string[]).includes(role);
}

function stronger(here: AppRole | null, lost: AppRole): AppRole {
  return here !== null && appRoles.indexOf(here) > appRoles.indexOf(lost) ? here : lost;
}

/** A name from the copy, safe to print: at most 64 characters, no control characters. */
function shownName(name: string): string {
  const clean = name.replace(/[\x00-\x1f\x7f]/g, "?");
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}
