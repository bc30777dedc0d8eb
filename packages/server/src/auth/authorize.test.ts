import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppRole, Permission } from "@hop3/contract";
import { addonRole, authorize, type AddonAccess, type AddonLookup } from "./authorize.ts";
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

// Addons (ADR 68): "cache" is attached to shop (alice: developer) and blog (viewer); "db" to
// blog only; "mine" to nothing, created by alice; "theirs" to nothing, created by someone else.
const addonAccess: Record<string, AddonAccess> = {
  cache: { apps: ["blog", "shop"], createdBy: null },
  db: { apps: ["blog"], createdBy: 9 },
  mine: { apps: [], createdBy: 2 },
  theirs: { apps: ["other"], createdBy: 9 },
};
const lookup = (appRoles: readonly AppRole[] = ["developer", "viewer"]): AddonLookup => ({ access: (name) => addonAccess[name] ?? null, roles: () => appRoles });
const checkAddon = (caller: Partial<Principal>, permission: Permission, addon: string | undefined, method = "POST", appRoles?: readonly AppRole[]) => {
  const decision = authorize({ ...base, ...caller }, { permission, method, app: undefined, addon }, roleOn, lookup(appRoles));
  return decision.allow ? "allow" : decision.code;
};

void test("an addon's role is the strongest role on the apps it is attached to, at most developer; its creator owns it", () => {
  assert.equal(checkAddon({}, "addon:secrets", "cache"), "allow", "developer of shop");
  assert.equal(checkAddon({}, "addon:manage", "cache"), "PERMISSION_DENIED", "owning an app is not owning the data it shares");
  assert.equal(checkAddon({}, "addon:read", "db", "GET"), "allow", "viewer of blog");
  assert.equal(checkAddon({}, "addon:secrets", "db", "GET"), "PERMISSION_DENIED");
  assert.equal(checkAddon({}, "addon:manage", "mine"), "allow", "its creator");
  assert.equal(checkAddon({ admin: true }, "addon:manage", "theirs"), "allow");
  assert.equal(addonRole({ ...base }, addonAccess.cache ?? null, (app) => (app === "shop" ? "owner" : null)), "developer");
});

void test("an addon the caller has no role on answers as one that does not exist, whatever the permission", () => {
  for (const permission of ["addon:read", "addon:secrets", "addon:manage"] as const) {
    assert.equal(checkAddon({}, permission, "theirs"), "ADDON_NOT_FOUND", permission);
    assert.equal(checkAddon({}, permission, "missing"), "ADDON_NOT_FOUND", permission);
  }
  // A token limited to shop reaches the addons attached to shop, not those its user created.
  assert.equal(checkAddon({ app: "shop" }, "addon:secrets", "cache"), "allow");
  assert.equal(checkAddon({ app: "shop" }, "addon:manage", "mine"), "ADDON_NOT_FOUND");
  assert.equal(checkAddon({ app: "shop", admin: true }, "addon:read", "db", "GET"), "ADDON_NOT_FOUND");
  assert.equal(checkAddon({ readOnly: true }, "addon:secrets", "cache", "POST"), "PERMISSION_DENIED");
});

void test("creating an addon needs the developer or owner role on some app, a token not limited to one app, or admin", () => {
  assert.equal(checkAddon({}, "addons:create", undefined), "allow");
  assert.equal(checkAddon({}, "addons:create", undefined, "POST", ["viewer"]), "PERMISSION_DENIED");
  assert.equal(checkAddon({ admin: true }, "addons:create", undefined, "POST", []), "allow");
  assert.equal(checkAddon({ app: "shop" }, "addons:create", undefined), "PERMISSION_DENIED");
  assert.equal(checkAddon({ readOnly: true }, "addons:create", undefined), "PERMISSION_DENIED");
});
