import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { TokenStore, type Principal } from "../auth/token-store.ts";
import { UserStore } from "../auth/user-store.ts";
import { UserService } from "./user-service.ts";

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-users-"));
  const db = openDatabase(join(dir, "hop3.db"));
  t.after(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  const apps = new AppStore(db);
  apps.insert("shop", "shop");
  apps.insert("blog", "blog");
  const users = new UserStore(db);
  const tokens = new TokenStore(db);
  const removed: number[] = [];
  const service = new UserService({ users, tokens, findApp: (name) => apps.find(name), removeKeysOf: async (id) => void removed.push(id) });
  const admin = service.add({ name: "root", admin: true });
  const alice = service.add({ name: "alice" });
  const bob = service.add({ name: "bob" });
  const caller = (user: { id: number; name: string; admin: boolean }): Principal => ({ tokenId: 1, name: "t", userId: user.id, user: user.name, admin: user.admin, app: null, readOnly: false, expiresAt: null, sshKey: null });
  service.grant(caller(admin), "shop", "alice", "developer");
  return { service, tokens, removed, admin: caller(admin), alice: caller(alice), bob: caller(bob) };
}

const code = (expected: string) => (error: unknown) => error instanceof Hop3Error && error.code === expected;

void test("a token limited to an app its user has no role on is refused as if the app did not exist", (t) => {
  const { service, alice } = setup(t);
  assert.equal(service.createToken(alice, { name: "ci", app: "shop" }).info.app, "shop");
  assert.throws(() => service.createToken(alice, { name: "ci", app: "blog" }), code("APP_NOT_FOUND"));
});

void test("only admins create tokens for others; a token expires after the days asked; a user revokes only their own", (t) => {
  const { service, tokens, admin, alice } = setup(t);
  assert.throws(() => service.createToken(alice, { name: "x", user: "bob" }), code("PERMISSION_DENIED"));
  const created = service.createToken(admin, { name: "bob-ci", user: "bob", expiresInDays: 2 }, new Date("2026-01-01T00:00:00Z"));
  assert.deepEqual([created.info.user, created.info.expiresAt], ["bob", "2026-01-03T00:00:00.000Z"]);
  assert.equal(tokens.authenticate(created.token, new Date("2026-01-02T00:00:00Z")) !== null, true);
  assert.equal(tokens.authenticate(created.token, new Date("2026-01-03T00:00:00Z")), "expired");
  assert.throws(() => service.revokeToken(alice, created.info.id), code("TOKEN_NOT_FOUND"));
  assert.equal(service.revokeToken(admin, created.info.id).name, "bob-ci");
  assert.equal(tokens.authenticate(created.token), null);
});

void test("a removed user's keys are removed first; the last admin cannot be removed", async (t) => {
  const { service, removed, alice } = setup(t);
  await service.remove("alice");
  assert.deepEqual(removed, [alice.userId]);
  assert.deepEqual(service.list().map((user) => user.name), ["bob", "root"]);
  await assert.rejects(() => service.remove("root"), code("LAST_ADMIN"));
});

void test("listings show a user only the apps they have a role on", (t) => {
  const { service, admin, alice } = setup(t);
  assert.deepEqual([service.sees(alice, "shop"), service.sees(alice, "blog"), service.sees(admin, "blog")], [true, false, true]);
  assert.deepEqual(service.whoami(alice).apps, [{ app: "shop", role: "developer" }]);
});

void test("an owner grants viewer and developer; making, changing or removing an owner is for admins", (t) => {
  const { service, admin, alice } = setup(t);
  service.grant(admin, "blog", "alice", "owner");
  service.grant(alice, "blog", "bob", "developer");
  assert.throws(() => service.grant(alice, "blog", "bob", "owner"), code("PERMISSION_DENIED"));
  service.grant(admin, "blog", "bob", "owner");
  assert.throws(() => service.grant(alice, "blog", "bob", "viewer"), code("PERMISSION_DENIED"));
  assert.throws(() => service.revoke(alice, "blog", "bob"), code("PERMISSION_DENIED"));
  assert.deepEqual(service.revoke(admin, "blog", "bob").grants, [{ user: "alice", role: "owner" }]);
});
