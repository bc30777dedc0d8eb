import { basename } from "node:path";
import type { AppIdentities, AppIdentity } from "../core/app-identity.ts";
import type { NetworkGuard } from "../core/network-guard.ts";

/**
 * App identities whose uids the network guard confines (ADR 24). Every build and process of
 * an app asks for its identity first, so the uid is in the guard's rules before anything runs
 * as it; the account's removal takes it out again (a later account may reuse the number).
 */
export class GuardedIdentities implements AppIdentities {
  readonly #inner: AppIdentities;
  readonly #guard: NetworkGuard;
  readonly #uids = new Map<string, number>();

  constructor(inner: AppIdentities, guard: NetworkGuard) {
    this.#inner = inner;
    this.#guard = guard;
  }

  async ensure(user: string, home: string): Promise<AppIdentity> {
    const identity = await this.#inner.ensure(user, home);
    const uid = identity.runAs?.uid;
    if (uid !== undefined) {
      this.#uids.set(user, uid);
      // The app's name is its home's last part (apps/<app>): its own ports are known by it.
      await this.#guard.admit(new Map([[basename(home), uid]]));
    }
    return identity;
  }

  async remove(user: string): Promise<void> {
    await this.#inner.remove(user);
    const uid = this.#uids.get(user);
    this.#uids.delete(user);
    if (uid !== undefined) await this.#guard.forget(uid);
  }
}
