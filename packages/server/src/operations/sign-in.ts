import { Hop3Error } from "@hop3/contract";
import { hashPassword, verifyPassword } from "../auth/password-hash.ts";
import type { ExternalIdentity } from "../auth/external-identity.ts";
import type { NewSession, SessionStore } from "../auth/session-store.ts";
import type { SignInGuard } from "../auth/sign-in-guard.ts";
import type { StoredUser, UserStore } from "../auth/user-store.ts";
import type { ExternalUsers } from "./external-users.ts";

export interface SignInDeps {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly guard: SignInGuard;
  readonly lifetimeMs: number;
  readonly external: ExternalUsers;
  /** Checks passwords of names that are not local users (ADR 60, auth/ldap-directory.ts); none when LDAP is off. */
  readonly ldap?: { authenticate(name: string, password: string): Promise<ExternalIdentity | null> } | undefined;
}

/** Sign-in of people: rate limited per address, locked per name after repeated failures. */
export class SignIn {
  readonly #deps: SignInDeps;
  // Checked when the name has no password, so the answer takes as long either way.
  #decoy: Promise<string> | undefined;

  constructor(deps: SignInDeps) {
    this.#deps = deps;
  }

  async signIn(name: string, password: string, address: string): Promise<NewSession & { user: string }> {
    const user = await this.check(name, password, address);
    return { ...this.#deps.sessions.create(user.id, this.#deps.lifetimeMs), user: user.name };
  }

  /** A session for the user a single sign-on provider vouched for (created or updated now). */
  signInExternal(identity: ExternalIdentity): NewSession & { user: string } {
    const user = this.#deps.external.provision(identity);
    return { ...this.#deps.sessions.create(user.id, this.#deps.lifetimeMs), user: user.name };
  }

  /**
   * The user whose name and password these are: a local user's password is checked by Hop3;
   * any other name, by the LDAP server when there is one (a local name is never LDAP's).
   */
  async check(typed: string, password: string, address: string): Promise<StoredUser> {
    const { users, guard, ldap } = this.#deps;
    // Hop3's names are lower case and LDAP matches names regardless of case: one name, one lock.
    const name = typed.toLowerCase();
    const verdict = guard.admit(name, address);
    if (verdict === "rate-limited") throw new Hop3Error("RATE_LIMITED", `Too many sign-in attempts from ${address || "this address"}.`);
    if (verdict === "locked") throw new Hop3Error("SIGN_IN_LOCKED", `Sign-in as ${JSON.stringify(name)} is locked after repeated failures.`);
    const user = users.find(name);
    if (ldap && (!user || user.source === "ldap")) {
      const identity = await ldap.authenticate(name, password);
      if (!identity) this.#failed(name);
      guard.succeeded(name);
      return this.#deps.external.provision(identity);
    }
    const stored = user?.passwordHash ?? (await (this.#decoy ??= hashPassword("decoy password, never valid")));
    const matches = await verifyPassword(password, stored);
    if (!user?.passwordHash || !matches) this.#failed(name);
    guard.succeeded(name);
    return user;
  }

  #failed(name: string): never {
    this.#deps.guard.failed(name);
    throw new Hop3Error("SIGN_IN_FAILED", "Wrong user name or password.");
  }
}
