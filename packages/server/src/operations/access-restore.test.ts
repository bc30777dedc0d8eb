import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StateLayout } from "../config/state-layout.ts";
import { openDatabase } from "../store/database.ts";
import { inTransaction } from "../store/in-transaction.ts";
import { AppStore } from "../apps/app-store.ts";
import { hashPassword, verifyPassword } from "../auth/password-hash.ts";
import { TokenStore, type Principal } from "../auth/token-store.ts";
import { UserStore } from "../auth/user-store.ts";
import { KeyStore } from "../keys/key-store.ts";
import { KeyService } from "../keys/key-service.ts";
import { prepareSshState } from "../keys/ssh-state.ts";
import { AccessRestore } from "./access-restore.ts";
import { readLostAccess } from "./lost-access.ts";

const ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD+Y9rfaIlk03YaHnRCWm dev@laptop";

/** A server's state: its database, stores and key service, in a temp state root. */
function server(home: string) {
  const layout = new StateLayout(home);
  prepareSshState(layout, null, { home, socket: layout.socket, sshUser: "hop3", gitAutoCreate: true, deployLockWait: 600 });
  const db = openDatabase(layout.database);
  const tokens = new TokenStore(db);
  const users = new UserStore(db);
  const apps = new AppStore(db);
  const keys = new KeyService({ keys: new KeyStore(db), tokens, layout, ssh: { user: "hop3", account: () => null, switchesUsers: false, forcedCommand: { program: "/opt/hop3/bin/hop3-server", home } } });
  return { layout, db, tokens, users, apps, keys, authorizedKeys: () => readFileSync(join(layout.sshDir, ".ssh", "authorized_keys"), "utf8") };
}

/** A lost server (alice with a password, a developer role, a key and a CI token; its admin with a token) and a fresh one (its own admin). */
async function setUp(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-access-restore-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lost = server(join(dir, "lost"));
  const admin = lost.users.add({ name: "admin", admin: true });
  const alice = lost.users.add({ name: "alice", email: "alice@example.org", admin: false });
  const password = await hashPassword("alice's long password");
  lost.users.setPasswordHash(alice.id, password);
  lost.users.setPasswordHash(admin.id, await hashPassword("the lost admin's password"));
  const shop = lost.apps.insert("shop", "h3-shop-000000");
  const gone = lost.apps.insert("gone", "h3-gone-000000");
  lost.users.grant(shop.id, alice.id, "developer");
  lost.users.grant(gone.id, alice.id, "owner");
  const ci = lost.tokens.issue("ci", alice.id, { appId: shop.id, expiresAt: "2099-01-01T00:00:00.000Z" });
  const goneToken = lost.tokens.issue("ci-gone", alice.id, { appId: gone.id });
  const adminToken = lost.tokens.issue("laptop", admin.id);
  await lost.keys.add("alice-laptop", ed25519, alice.id);
  lost.db.close();

  const fresh = server(join(dir, "fresh"));
  const freshAdmin = fresh.users.add({ name: "admin", admin: true });
  const setupToken = fresh.tokens.issue("setup", freshAdmin.id);
  fresh.apps.insert("shop", "h3-shop-111111");
  t.after(() => fresh.db.close());
  const restore = new AccessRestore({ users: fresh.users, tokens: fresh.tokens, keys: fresh.keys, app: (name) => fresh.apps.find(name), transaction: (run) => inTransaction(fresh.db, run), now: () => new Date("2026-06-01T00:00:00Z") });
  return { fresh, restore, copy: join(dir, "lost", "hop3.db"), ci: ci.token, goneToken: goneToken.token, adminToken: adminToken.token, setupToken: setupToken.token, password };
}

test("the lost server's users come back with their password, roles on the restored apps, SSH keys and tokens; a role on an app not restored is named", async (t) => {
  const { fresh, restore, copy, ci, goneToken, password } = await setUp(t);
  const restored = await restore.restore(readLostAccess(copy));
  assert.deepEqual({ ...restored, skipped: [] }, { users: 1, merged: ["admin"], grants: 1, sshKeys: 1, tokens: 2, skipped: [] });
  assert.deepEqual(restored.skipped, [
    { kind: "grant", name: "alice on gone", reason: 'the app "gone" was not restored' },
    { kind: "token", name: "ci-gone", reason: 'the app it is limited to ("gone") was not restored' },
  ]);
  const alice = fresh.users.get("alice");
  assert.deepEqual([alice.email, alice.admin, alice.passwordHash], ["alice@example.org", false, password]);
  assert.ok(await verifyPassword("alice's long password", alice.passwordHash ?? ""));
  assert.deepEqual(fresh.users.rolesOf(alice.id), [{ app: "shop", role: "developer" }]);
  // Her CI token works as it did: limited to shop, with its expiry.
  const principal = fresh.tokens.authenticate(ci) as Principal;
  assert.deepEqual([principal.user, principal.app, principal.expiresAt], ["alice", "shop", "2099-01-01T00:00:00.000Z"]);
  assert.equal(fresh.tokens.authenticate(goneToken), null);
  // Her key logs in here: a line in authorized_keys and a new token of hers.
  assert.match(fresh.authorizedKeys(), /ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD\+Y9rfaIlk03YaHnRCWm hop3-key-1$/m);
  const keyToken = readFileSync(join(fresh.layout.sshKeysDir, "1.token"), "utf8").trim();
  assert.equal((fresh.tokens.authenticate(keyToken) as Principal).user, "alice");
});

test("the fresh server's admin keeps its own password and tokens, and gains the lost admin's tokens; never locked out", async (t) => {
  const { fresh, restore, copy, adminToken, setupToken } = await setUp(t);
  const own = await hashPassword("the new admin's password");
  fresh.users.setPasswordHash(fresh.users.get("admin").id, own);
  await restore.restore(readLostAccess(copy));
  const admin = fresh.users.get("admin");
  assert.equal(admin.passwordHash, own, "the password set on the new server stays");
  assert.equal(admin.admin, true);
  assert.equal((fresh.tokens.authenticate(setupToken) as Principal).user, "admin", "the new server's token still works");
  assert.equal((fresh.tokens.authenticate(adminToken) as Principal).user, "admin", "the lost admin's token works again");
});

test("a merged user without a password of its own takes the lost one's; a role held here already is kept when stronger", async (t) => {
  const { fresh, restore, copy } = await setUp(t);
  const alice = fresh.users.add({ name: "alice", admin: false });
  fresh.users.grant(fresh.apps.find("shop")?.id ?? 0, alice.id, "owner");
  const restored = await restore.restore(readLostAccess(copy));
  assert.deepEqual(restored.merged, ["admin", "alice"]);
  assert.equal(restored.users, 0);
  assert.ok(await verifyPassword("alice's long password", fresh.users.get("alice").passwordHash ?? ""));
  assert.ok(await verifyPassword("the lost admin's password", fresh.users.get("admin").passwordHash ?? ""), "the setup admin had none: it takes the lost one's");
  assert.equal(fresh.users.roleOn(alice.id, "shop"), "owner");
});

test("invalid rows are skipped and named: a bad user name, a role not in the enum, a malformed key, a bad token hash, an expired token; the rest comes back", async (t) => {
  const { fresh, restore } = await setUp(t);
  const restored = await restore.restore({
    users: [
      { id: 1, name: "Bad Name;", email: null, passwordHash: null, admin: true, source: "local", externalId: null, createdAt: "2026-01-01T00:00:00Z" },
      { id: 2, name: "bob", email: null, passwordHash: "plain-text", admin: false, source: "local", externalId: null, createdAt: "2026-01-01T00:00:00Z" },
      { id: 3, name: "carol", email: null, passwordHash: null, admin: false, source: "local", externalId: null, createdAt: "not a date" },
    ],
    grants: [
      { userId: 1, app: "shop", role: "owner" },
      { userId: 3, app: "shop", role: "root" },
    ],
    keys: [{ userId: 3, name: "carol-key", type: "ssh-ed25519", base64: "AAAA" }],
    tokens: [
      { userId: 3, name: "ci", hash: "not-a-hash", app: null, readOnly: false, expiresAt: null, createdAt: "2026-01-01T00:00:00Z", lastUsedAt: null },
      { userId: 3, name: "old", hash: "a".repeat(64), app: null, readOnly: false, expiresAt: "2026-02-01T00:00:00Z", createdAt: "2026-01-01T00:00:00Z", lastUsedAt: null },
      { userId: 3, name: "ok", hash: "b".repeat(64), app: null, readOnly: true, expiresAt: null, createdAt: "2026-01-01T00:00:00Z", lastUsedAt: null },
    ],
  });
  assert.equal(restored.users, 1);
  assert.equal(restored.tokens, 1);
  assert.equal(restored.grants, 0);
  assert.equal(restored.sshKeys, 0);
  const reasons = restored.skipped.map((entry) => `${entry.kind} ${entry.name}: ${entry.reason}`);
  assert.deepEqual(reasons.slice(0, 6), [
    "user Bad Name;: its name is not a valid user name",
    "user bob: its password hash is not one Hop3 writes",
    'grant Bad Name; on shop: its user "Bad Name;" was skipped',
    "grant carol on shop: the role \"root\" is not one of viewer, developer, owner",
    "token ci: its hash is not a SHA-256 hash",
    "token old: it expired on 2026-02-01T00:00:00Z",
  ]);
  assert.match(reasons[6] ?? "", /^ssh-key carol-key: /);
  assert.equal(fresh.users.get("carol").createdAt, "2026-06-01T00:00:00.000Z", "a date that is not one is replaced");
  assert.equal(fresh.users.find("bob"), null);
});
