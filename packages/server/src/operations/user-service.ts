import { Hop3Error, type ApiToken, type AppAccess, type AppRole, type CreatedToken, type CreateTokenBody, type User, type Whoami } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Principal, TokenStore } from "../auth/token-store.ts";
import type { StoredUser, UserStore } from "../auth/user-store.ts";
import { hashPassword } from "../auth/password-hash.ts";

export interface UserServiceDeps {
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly findApp: (name: string) => App | null;
  /** Removes every SSH key of the user (their lines in authorized_keys, their tokens). */
  readonly removeKeysOf: (userId: number) => Promise<void>;
}

/**
 * Users, their roles per app and their tokens. Which route may be called is decided by
 * `authorize()`; this service only scopes the data to the caller ("yours, or anyone's for an
 * admin") where a route acts on the caller's own things.
 */
export class UserService {
  readonly #deps: UserServiceDeps;

  constructor(deps: UserServiceDeps) {
    this.#deps = deps;
  }

  list(): User[] {
    return this.#deps.users.list().map(shown);
  }

  add(user: { name: string; email?: string | undefined; admin?: boolean | undefined }): User {
    return shown(this.#deps.users.add({ name: user.name, email: user.email, admin: user.admin === true }));
  }

  async remove(name: string): Promise<User> {
    const { users } = this.#deps;
    const user = users.get(name);
    if (user.admin && users.admins() === 1) throw new Hop3Error("LAST_ADMIN", `"${name}" is the only server admin.`);
    await this.#deps.removeKeysOf(user.id);
    users.remove(user.id);
    return shown(user);
  }

  async setPassword(name: string, password: string): Promise<User> {
    const user = this.#deps.users.get(name);
    this.#deps.users.setPasswordHash(user.id, await hashPassword(password));
    return shown({ ...user, hasPassword: true });
  }

  whoami(caller: Principal): Whoami {
    const apps = caller.admin ? [] : this.#deps.users.rolesOf(caller.userId);
    return {
      user: caller.user,
      admin: caller.admin,
      token: { id: caller.tokenId, name: caller.name, app: caller.app, readOnly: caller.readOnly, expiresAt: caller.expiresAt },
      apps: caller.app === null ? apps : apps.filter((entry) => entry.app === caller.app),
    };
  }

  /** True when the caller may see the app (listings show only these). */
  sees(caller: Principal, app: string): boolean {
    if (caller.app !== null && caller.app !== app) return false;
    return caller.admin || this.#deps.users.roleOn(caller.userId, app) !== null;
  }

  access(appName: string): AppAccess {
    return { app: appName, grants: this.#deps.users.grants(this.#app(appName).id) };
  }

  /** Owners give roles up to developer; making or unmaking an owner is for admins (ADR 59). */
  grant(caller: Principal, appName: string, userName: string, role: AppRole): AppAccess {
    const app = this.#app(appName);
    const user = this.#deps.users.get(userName);
    this.#ownersOnlyByAdmins(caller, appName, user.id, role);
    this.#deps.users.grant(app.id, user.id, role);
    return this.access(appName);
  }

  revoke(caller: Principal, appName: string, userName: string): AppAccess {
    const app = this.#app(appName);
    const user = this.#deps.users.get(userName);
    this.#ownersOnlyByAdmins(caller, appName, user.id, null);
    if (!this.#deps.users.revoke(app.id, user.id)) throw new Hop3Error("USER_NOT_FOUND", `"${userName}" has no role on "${appName}".`, { hint: `Run \`hop3 access ${appName}\` to see who has one.` });
    return this.access(appName);
  }

  tokens(caller: Principal): ApiToken[] {
    return this.#deps.tokens.list(caller.admin ? undefined : caller.userId);
  }

  /** The user something of the caller's is made for: the caller, or (admins only) the user named. */
  ownerFor(caller: Principal, name: string | undefined): { id: number; name: string; admin: boolean } {
    if (name === undefined || name === caller.user) return { id: caller.userId, name: caller.user, admin: caller.admin };
    if (!caller.admin) throw new Hop3Error("PERMISSION_DENIED", "Only server admins may act for another user.");
    return this.#deps.users.get(name);
  }

  createToken(caller: Principal, body: CreateTokenBody, now = new Date()): CreatedToken {
    const { users, tokens } = this.#deps;
    const owner = this.ownerFor(caller, body.user);
    let appId: number | undefined;
    if (body.app !== undefined) {
      const app = this.#deps.findApp(body.app);
      // Limited to an app its user cannot see: as if the app did not exist.
      if (!app || (!owner.admin && users.roleOn(owner.id, body.app) === null)) throw new Hop3Error("APP_NOT_FOUND", `App "${body.app}" does not exist.`);
      appId = app.id;
    }
    const expiresAt = body.expiresInDays === undefined ? undefined : new Date(now.getTime() + body.expiresInDays * 86_400_000).toISOString();
    const issued = tokens.issue(body.name, owner.id, { appId, readOnly: body.readOnly === true, expiresAt });
    const info = tokens.find(issued.id);
    if (!info) throw new Error("the token just created is missing");
    return { token: issued.token, info: withoutUserId(info) };
  }

  revokeToken(caller: Principal, id: number): ApiToken {
    const token = this.#deps.tokens.find(id);
    if (!token || (!caller.admin && token.userId !== caller.userId)) throw new Hop3Error("TOKEN_NOT_FOUND", `You have no token with the id ${id}.`);
    if (token.sshKey !== null) throw new Hop3Error("PERMISSION_DENIED", `Token ${id} is the SSH key "${token.sshKey}"'s.`, { hint: `Remove the key instead: \`hop3 keys:remove ${token.sshKey}\`.` });
    this.#deps.tokens.revoke(id);
    return withoutUserId(token);
  }

  #ownersOnlyByAdmins(caller: Principal, appName: string, userId: number, role: AppRole | null): void {
    if (caller.admin) return;
    if (role === "owner") throw new Hop3Error("PERMISSION_DENIED", `Only server admins may make someone an owner of "${appName}"; owners grant viewer and developer.`, { hint: "Ask a server admin: `hop3 access:grant APP USER owner`." });
    if (this.#deps.users.roleOn(userId, appName) === "owner") throw new Hop3Error("PERMISSION_DENIED", `Only server admins may change or take away the role of an owner of "${appName}".`, { hint: "Ask a server admin." });
  }

  #app(name: string): App {
    const app = this.#deps.findApp(name);
    if (!app) throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
    return app;
  }
}

function shown(user: StoredUser): User {
  return { id: user.id, name: user.name, email: user.email, admin: user.admin, hasPassword: user.hasPassword, createdAt: user.createdAt };
}

function withoutUserId(token: ApiToken & { userId: number }): ApiToken {
  const shownToken: Partial<ApiToken & { userId: number }> = { ...token };
  delete shownToken.userId;
  return shownToken as ApiToken;
}
