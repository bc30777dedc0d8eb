import { Hop3Error } from "@hop3/contract";
import { hashPassword, verifyPassword } from "../auth/password-hash.ts";
import type { NewSession, SessionStore } from "../auth/session-store.ts";
import type { SignInGuard } from "../auth/sign-in-guard.ts";
import type { UserStore } from "../auth/user-store.ts";

export interface SignInDeps {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly guard: SignInGuard;
  readonly lifetimeMs: number;
}

/** Password sign-in: rate limited per address, locked per name after repeated failures. */
export class SignIn {
  readonly #deps: SignInDeps;
  // Checked when the name has no password, so the answer takes as long either way.
  #decoy: Promise<string> | undefined;

  constructor(deps: SignInDeps) {
    this.#deps = deps;
  }

  async signIn(name: string, password: string, address: string): Promise<NewSession & { user: string }> {
    const { users, sessions, guard } = this.#deps;
    const verdict = guard.admit(name, address);
    if (verdict === "rate-limited") throw new Hop3Error("RATE_LIMITED", `Too many sign-in attempts from ${address || "this address"}.`);
    if (verdict === "locked") throw new Hop3Error("SIGN_IN_LOCKED", `Sign-in as ${JSON.stringify(name)} is locked after repeated failures.`);
    const user = users.find(name);
    const stored = user?.passwordHash ?? (await (this.#decoy ??= hashPassword("decoy password, never valid")));
    const matches = await verifyPassword(password, stored);
    if (!user?.passwordHash || !matches) {
      guard.failed(name);
      throw new Hop3Error("SIGN_IN_FAILED", "Wrong user name or password.");
    }
    guard.succeeded(name);
    return { ...sessions.create(user.id, this.#deps.lifetimeMs), user: user.name };
  }
}
