import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { parseRoleMap, type RoleMap } from "../auth/role-map.ts";
import { SessionStore } from "../auth/session-store.ts";
import { SignInGuard } from "../auth/sign-in-guard.ts";
import { UserStore } from "../auth/user-store.ts";
import type { ExternalIdentity } from "../auth/external-identity.ts";
import { ExternalUsers } from "./external-users.ts";
import { SignIn } from "./sign-in.ts";

const roleMap = (text: string): RoleMap => {
  const parsed = parseRoleMap(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
};

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-sso-"));
  const db = openDatabase(join(dir, "hop3.db"));
  t.after(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  const apps = new AppStore(db);
  for (const name of ["shop", "blog", "wiki"]) apps.insert(name, name);
  const users = new UserStore(db);
  users.add({ name: "root", admin: true });
  const external = new ExternalUsers({ users, findApp: (name) => apps.find(name), roleMaps: { oidc: roleMap("ops=admin, shop-devs=developer@shop, shop-leads=owner@shop, blog-qa=viewer@blog, gone=viewer@nosuchapp"), ldap: roleMap("") } });
  return { db, users, external, apps };
}

const olivia = (groups: string[]): ExternalIdentity => ({ source: "oidc", externalId: "https://id.example.org sub-1", name: "olivia", email: "olivia@example.org", groups });

void test("the first single sign-on creates the user with the roles of their groups; later ones follow group changes", (t) => {
  const { users, external, apps } = setup(t);
  const created = external.provision(olivia(["shop-devs", "blog-qa", "gone"]));
  assert.deepEqual([created.name, created.source, created.admin, created.email, created.hasPassword], ["olivia", "oidc", false, "olivia@example.org", false]);
  assert.deepEqual(users.rolesOf(created.id), [{ app: "blog", role: "viewer" }, { app: "shop", role: "developer" }]);
  // A role granted by hand on an app the map does not name stays.
  users.grant(apps.find("wiki")?.id ?? 0, created.id, "viewer");
  external.provision(olivia(["shop-leads", "shop-devs", "ops"]));
  assert.deepEqual(users.rolesOf(created.id), [{ app: "shop", role: "owner" }, { app: "wiki", role: "viewer" }]);
  assert.equal(users.get("olivia").admin, true);
  external.provision(olivia([]));
  assert.deepEqual([users.rolesOf(created.id), users.get("olivia").admin], [[{ app: "wiki", role: "viewer" }], false]);
});

void test("a name held by a local user is never taken over by a single sign-on; an invalid name is refused", (t) => {
  const { external } = setup(t);
  const code = (expected: string) => (error: unknown) => error instanceof Hop3Error && error.code === expected;
  assert.throws(() => external.provision({ ...olivia(["ops"]), name: "root" }), code("SSO_FAILED"));
  assert.throws(() => external.provision({ ...olivia([]), name: "Olivia Smith" }), code("SSO_FAILED"));
});

void test("a password sign-in goes to LDAP for names that are not local users, with the same lockout", async (t) => {
  const { db, users, external } = setup(t);
  const ldap = { authenticate: async (name: string, password: string): Promise<ExternalIdentity | null> => (name === "carol" && password === "right" ? { source: "ldap", externalId: "uid=carol,dc=example,dc=org", name, email: null, groups: [] } : null) };
  const signIn = new SignIn({ users, sessions: new SessionStore(db), guard: new SignInGuard({ failuresBeforeLock: 2, lockMs: 60_000, attemptsPerWindow: 100, windowMs: 60_000 }), lifetimeMs: 60_000, external, ldap });
  assert.equal((await signIn.check("carol", "right", "192.0.2.1")).source, "ldap");
  const failure = (expected: string) => (error: unknown) => error instanceof Hop3Error && error.code === expected;
  // root is a local user (no password here): LDAP is never asked about it.
  await assert.rejects(() => signIn.check("root", "right", "192.0.2.1"), failure("SIGN_IN_FAILED"));
  await assert.rejects(() => signIn.check("carol", "wrong", "192.0.2.1"), failure("SIGN_IN_FAILED"));
  // The directory matches "Carol" as "carol": so does the lock.
  await assert.rejects(() => signIn.check("Carol", "wrong", "192.0.2.1"), failure("SIGN_IN_FAILED"));
  await assert.rejects(() => signIn.check("carol", "right", "192.0.2.1"), failure("SIGN_IN_LOCKED"));
});
