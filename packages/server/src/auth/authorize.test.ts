import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppRole, Permission } from "@hop3/contract";
import { authorize } from "./authorize.ts";
import type { Principal } from "./token-store.ts";

const base: Principal = { tokenId: 1, name: "laptop", userId: 2, user: "alice", admin: false, app: null, readOnly: false, expiresAt: null, sshKey: null };
const roles: Record<string, AppRole> = { shop: "developer", blog: "viewer" };
const roleOn = (app: string) => roles[app] ?? null;
const check = (caller: Partial<Principal>, permission: Permission, app?: string, method = "POST") => {
  const decision = authorize({ ...base, ...caller }, { permission, method, app }, roleOn);
  return decision.allow ? "allow" : decision.code;
};

void test("an app route answers a caller without a role on the app as if it did not exist", () => {
  assert.equal(check({}, "app:read", "secret", "GET"), "APP_NOT_FOUND");
  assert.equal(check({}, "apps:write", "secret"), "APP_NOT_FOUND");
});

void test("a role allows the app permissions up to its level, and refuses the rest with 403", () => {
  assert.equal(check({}, "app:deploy", "shop"), "allow");
  assert.equal(check({}, "app:secrets", "shop", "GET"), "allow");
  assert.equal(check({}, "app:manage", "shop"), "PERMISSION_DENIED");
  assert.equal(check({}, "app:read", "blog", "GET"), "allow");
  assert.equal(check({}, "app:secrets", "blog", "GET"), "PERMISSION_DENIED");
});

void test("permissions from before roles (and server ones) are for admins only, even on an app the caller develops", () => {
  for (const permission of ["apps:read", "apps:write", "apps:deploy", "keys:write", "server:read", "apps:create"] as const) {
    assert.equal(check({}, permission, "shop"), "PERMISSION_DENIED", permission);
    assert.equal(check({ admin: true }, permission, "shop"), "allow", permission);
  }
});

void test("a token limited to one app sees no other app, and cannot manage its user's account", () => {
  const scoped = { admin: true, app: "shop" };
  assert.equal(check(scoped, "app:deploy", "shop"), "allow");
  assert.equal(check(scoped, "app:read", "blog", "GET"), "APP_NOT_FOUND");
  assert.equal(check(scoped, "self", undefined, "GET"), "PERMISSION_DENIED");
  assert.equal(check(scoped, "server:read", undefined, "GET"), "PERMISSION_DENIED");
  assert.equal(check(scoped, "signed-in", undefined, "GET"), "allow");
});

void test("a read-only token makes only GET requests", () => {
  assert.equal(check({ readOnly: true }, "app:read", "shop", "GET"), "allow");
  assert.equal(check({ readOnly: true }, "app:deploy", "shop", "POST"), "PERMISSION_DENIED");
  assert.equal(check({ readOnly: true, admin: true }, "self", undefined, "POST"), "PERMISSION_DENIED");
});
