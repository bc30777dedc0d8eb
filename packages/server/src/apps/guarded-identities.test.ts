import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppIdentities, AppIdentity } from "../core/app-identity.ts";
import type { NetworkGuard } from "../core/network-guard.ts";
import { GuardedIdentities } from "./guarded-identities.ts";

class FakeGuard implements NetworkGuard {
  readonly name = "fake";
  readonly uids = new Map<string, number>();
  admit(apps: ReadonlyMap<string, number>): Promise<void> {
    for (const [app, uid] of apps) this.uids.set(app, uid);
    return Promise.resolve();
  }
  forget(uid: number): Promise<void> {
    for (const [app, known] of this.uids) if (known === uid) this.uids.delete(app);
    return Promise.resolve();
  }
  ownPorts(): Promise<void> {
    return Promise.resolve();
  }
}

const accounts = (uid: number | undefined): AppIdentities => ({
  ensure: (user) => Promise.resolve<AppIdentity>({ user, runAs: uid === undefined ? undefined : { uid, gid: uid } }),
  remove: () => Promise.resolve(),
});

test("an app's uid is confined as soon as its identity is looked up, and freed with its account", async () => {
  const guard = new FakeGuard();
  const identities = new GuardedIdentities(accounts(1234), guard);
  await identities.ensure("h3-blog-abc123", "/srv/hop3/apps/blog");
  assert.deepEqual([...guard.uids], [["blog", 1234]]);
  await identities.remove("h3-blog-abc123");
  assert.equal(guard.uids.size, 0);
});

test("apps running as the server's own user (no separate account) are not confined", async () => {
  const guard = new FakeGuard();
  await new GuardedIdentities(accounts(undefined), guard).ensure("hop3", "/srv/hop3/apps/blog");
  assert.equal(guard.uids.size, 0);
});
