import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { AppList, AppRole, AuditEntry, AuditLog, CreatedToken } from "@hop3/contract";
import { request } from "node:http";
import { Hop3Fixture, httpGet, type CliResult } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { fingerprintOf, SshdFixture } from "./support/sshd-fixture.ts";
import { chownSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { BrowserSession } from "./support/browser-session.ts";
import { OidcProviderFixture } from "./support/oidc-provider-fixture.ts";
import { SlapdFixture } from "./support/slapd-fixture.ts";

/**
 * The weakest caller each route lets through, one row per route of the API. The test reads the
 * routes from the server's OpenAPI description: a route without a row here, or a row without a
 * route, fails it. `any`: every signed-in caller; `self`: every caller whose token is not limited
 * to one app; viewer/developer/owner: that role on the app in the route, or more; `admin`:
 * server admins only.
 */
const routeLevels: Record<string, Level> = {
  "GET /healthz": "public",
  "GET /v1/status": "any",
  "GET /v1/apps": "any",
  "POST /v1/apps": "admin",
  "GET /v1/apps/{app}": "viewer",
  "DELETE /v1/apps/{app}": "owner",
  "GET /v1/apps/{app}/processes": "viewer",
  "POST /v1/apps/{app}/deploys": "developer",
  "GET /v1/apps/{app}/releases": "viewer",
  "GET /v1/apps/{app}/releases/{release}/output": "viewer",
  "POST /v1/apps/{app}/rollbacks": "developer",
  "POST /v1/apps/{app}/redeploy": "developer",
  "GET /v1/apps/{app}/sbom": "viewer",
  "GET /v1/apps/{app}/sbom/diff": "viewer",
  "GET /v1/apps/{app}/logs": "viewer",
  "POST /v1/apps/{app}/processes/stop": "developer",
  "POST /v1/apps/{app}/processes/start": "developer",
  "POST /v1/apps/{app}/processes/restart": "developer",
  "POST /v1/apps/{app}/processes/scale": "developer",
  "GET /v1/keys": "self",
  "POST /v1/keys": "self",
  "DELETE /v1/keys/{key}": "self",
  "GET /v1/apps/{app}/git": "viewer",
  "PUT /v1/apps/{app}/git": "owner",
  "GET /v1/apps/{app}/config": "developer",
  "GET /v1/apps/{app}/config/{key}": "developer",
  "POST /v1/apps/{app}/config": "developer",
  "POST /v1/apps/{app}/rename": "owner",
  "POST /v1/apps/{app}/clone": "admin",
  "POST /v1/apps/{app}/run": "developer",
  "GET /v1/apps/{app}/cron": "viewer",
  "GET /v1/apps/{app}/checks": "viewer",
  "POST /v1/apps/{app}/cron/{job}/runs": "developer",
  "GET /v1/firewall": "admin",
  "POST /v1/firewall": "admin",
  "POST /v1/firewall/confirm": "admin",
  "GET /v1/apps/{app}/domains": "viewer",
  "POST /v1/apps/{app}/domains": "owner",
  "GET /v1/apps/{app}/certificates": "viewer",
  "POST /v1/apps/{app}/certificates/custom": "owner",
  "DELETE /v1/apps/{app}/certificates/custom": "owner",
  "GET /v1/me": "any",
  "PUT /v1/me/password": "self",
  "GET /v1/users": "admin",
  "POST /v1/users": "admin",
  "DELETE /v1/users/{user}": "admin",
  "PUT /v1/users/{user}/password": "admin",
  "GET /v1/tokens": "self",
  "POST /v1/tokens": "self",
  "DELETE /v1/tokens/{token}": "self",
  "GET /v1/apps/{app}/access": "viewer",
  "PUT /v1/apps/{app}/access/{user}": "owner",
  "DELETE /v1/apps/{app}/access/{user}": "owner",
  "GET /v1/audit": "admin",
  "GET /v1/audit/verify": "admin",
  "POST /v1/sessions": "public",
  "DELETE /v1/sessions/current": "any",
  "POST /v1/sessions/tokens": "public",
  // Addons (ADR 68): roles come from the apps an addon is attached to (at most developer); its creator
  // and admins own it. The matrix's addon "x" does not exist: every caller but an admin is told so (404).
  "GET /v1/addons": "any",
  "POST /v1/addons": "app-developer",
  "GET /v1/addons/{addon}": "addon-viewer",
  "DELETE /v1/addons/{addon}": "addon-owner",
  "GET /v1/addons/{addon}/export": "addon-developer",
  "POST /v1/addons/{addon}/import": "addon-developer",
  "POST /v1/addons/{addon}/attachments": "addon-developer",
  "POST /v1/addons/{addon}/connect": "addon-developer",
  "POST /v1/addons/{addon}/upgrade": "admin",
  "DELETE /v1/addons/{addon}/attachments/{app}": "developer",
  // Backups: developers make and verify them; restoring over the app's data and its schedule are the owner's.
  "GET /v1/apps/{app}/backups": "viewer",
  "POST /v1/apps/{app}/backups": "developer",
  "GET /v1/apps/{app}/backups/{id}": "viewer",
  "POST /v1/apps/{app}/backups/{id}/restore": "owner",
  "POST /v1/apps/{app}/backups/verify": "developer",
  "PUT /v1/apps/{app}/backups/schedule": "owner",
  "DELETE /v1/apps/{app}/backups/schedule": "owner",
  "POST /v1/backups/recover": "admin",
  "POST /v1/server/restore": "admin",
  "POST /v1/server/restore/access": "admin",
  "PUT /v1/apps/{app}/backups/drill-schedule": "owner",
  "DELETE /v1/apps/{app}/backups/drill-schedule": "owner",
  // Monitoring: an app's figures for anyone who sees the app; the server-wide scrape and the alerts, admins.
  "GET /v1/apps/{app}/metrics": "viewer",
  "GET /metrics": "admin",
  "GET /v1/alerts": "admin",
  "GET /v1/alerts/channels": "admin",
  "POST /v1/alerts/channels": "admin",
  "DELETE /v1/alerts/channels/{id}": "admin",
  "POST /v1/alerts/test": "admin",
  "POST /v1/alerts/silences": "admin",
};

/** `app-developer`: developer or owner of some app; `addon-*`: that role on the addon in the route. */
type Level = "public" | "any" | "self" | AppRole | "app-developer" | "addon-viewer" | "addon-developer" | "addon-owner" | "admin";
const roleRank: Record<AppRole, number> = { viewer: 1, developer: 2, owner: 3 };

/** A caller of the matrix: what its token is, and what it should be let do on app "alpha". */
interface Caller {
  readonly name: string;
  token: string | null;
  readonly valid: boolean;
  readonly admin?: boolean;
  readonly role?: AppRole;
  readonly scopedTo?: string;
  readonly readOnly?: boolean;
  /** A role on another app than alpha. */
  readonly elsewhere?: AppRole;
}

/** The answer a caller should get to a route on app "alpha" (204: let through). */
function expectedStatus(caller: Caller, level: Level, namesApp: boolean, method: string): number {
  if (level === "public") return 200;
  if (!caller.valid) return 401;
  // The matrix's addon exists nowhere: only an admin (not limited to an app) reaches the route.
  if (level.startsWith("addon-")) return caller.admin && caller.scopedTo === undefined ? 204 : 404;
  const role = caller.scopedTo !== undefined && caller.scopedTo !== "alpha" ? undefined : caller.admin ? "owner" : caller.role;
  if (namesApp && role === undefined) return 404;
  if (caller.readOnly && method !== "GET") return 403;
  if (level === "viewer" || level === "developer" || level === "owner") return role !== undefined && roleRank[role] >= roleRank[level] ? 204 : 403;
  if (level === "any") return 204;
  if (caller.scopedTo !== undefined) return 403;
  if (level === "app-developer") return caller.admin || [caller.role, caller.elsewhere].some((held) => held !== undefined && roleRank[held] >= roleRank.developer) ? 204 : 403;
  if (level === "self") return 204;
  return caller.admin ? 204 : 403;
}

describe("users, roles per app, scoped tokens, one authorisation point, audit log", () => {
  let hop3: Hop3Fixture;
  let sshd: SshdFixture;
  let provider: OidcProviderFixture;
  let slapd: SlapdFixture;
  /** The OIDC provider's accounts and their groups (changed between sign-ins). */
  const oidcGroups: Record<string, string[]> = { olivia: ["alpha-devs"] };
  const keys: Record<string, string> = {};
  const secret = "s3cret-value-only-developers-see";
  const callers: Record<string, Caller> = {
    admin: { name: "admin", token: null, valid: true, admin: true },
    owner: { name: "olga (owner)", token: null, valid: true, role: "owner" },
    developer: { name: "dave (developer)", token: null, valid: true, role: "developer" },
    viewer: { name: "vera (viewer)", token: null, valid: true, role: "viewer" },
    other: { name: "bob (developer of beta)", token: null, valid: true, elsewhere: "developer" },
    scoped: { name: "admin's token for alpha only", token: null, valid: true, admin: true, scopedTo: "alpha" },
    readOnly: { name: "dave's read-only token", token: null, valid: true, role: "developer", readOnly: true },
    expired: { name: "expired token", token: null, valid: false },
    revoked: { name: "revoked token", token: null, valid: false },
    none: { name: "no token", token: null, valid: false },
  };

  const ok = (result: CliResult, what: string) => assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  const as = (caller: Caller, args: readonly string[], input?: string) => hop3.cli(args, { env: { HOP3_TOKEN: caller.token ?? "" }, ...(input === undefined ? {} : { input }) });
  const newToken = async (name: string, ...args: string[]) => {
    const created = await hop3.cli(["tokens:create", name, ...args, "--json"]);
    ok(created, `tokens:create ${name}`);
    return JSON.parse(created.stdout) as CreatedToken;
  };
  const auditEntries = async (...args: string[]) => {
    const listed = await hop3.cli(["audit", "--json", ...args]);
    ok(listed, "audit");
    return (JSON.parse(listed.stdout) as AuditLog).entries;
  };

  before(async () => {
    // Single sign-on (ADR 59, 60): a real OIDC provider and a real slapd, both on loopback.
    provider = await OidcProviderFixture.reserve();
    slapd = await SlapdFixture.start();
    const { baseDn } = slapd;
    await slapd.add(
      [
        `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example`,
        `dn: ou=people,${baseDn}\nobjectClass: organizationalUnit\nou: people`,
        `dn: ou=groups,${baseDn}\nobjectClass: organizationalUnit\nou: groups`,
        ...["carol", "dan"].map((uid) => `dn: uid=${uid},ou=people,${baseDn}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\nmail: ${uid}@example.org\nuserPassword: ${uid}-ldap-password`),
        `dn: cn=beta-devs,ou=groups,${baseDn}\nobjectClass: groupOfNames\ncn: beta-devs\nmember: uid=carol,ou=people,${baseDn}`,
      ].join("\n\n") + "\n",
    );
    hop3 = await Hop3Fixture.start({
      env: ({ apiPort }) => ({
        HOP3_OIDC_ISSUER: provider.issuer,
        HOP3_OIDC_CLIENT_ID: provider.clientId,
        HOP3_OIDC_REDIRECT_URL: `http://127.0.0.1:${apiPort}/ui/sign-in/oidc/callback`,
        HOP3_OIDC_SCOPES: "openid profile email groups",
        HOP3_OIDC_ROLES: "alpha-devs=developer@alpha, ops=admin",
        HOP3_LDAP_URL: slapd.url,
        HOP3_LDAP_BIND_DN: slapd.adminDn,
        HOP3_LDAP_BASE_DN: baseDn,
        HOP3_LDAP_ROLES: "beta-devs=developer@beta",
        // The matrix sends hundreds of bad tokens from one address within a minute, and the audit
        // checks count each failure: the summing up of floods is tested in failed-auth-throttle.test.ts.
        HOP3_AUDIT_FAILED_AUTH_PER_MINUTE: "100000",
      }),
    });
    await provider.start(`http://127.0.0.1:${hop3.apiPort}/ui/sign-in/oidc/callback`, oidcGroups);
    // The secrets an admin puts in <home>/secrets/, 0600 and the daemon's, as its own are.
    const secrets = statSync(join(hop3.home, "secrets"));
    for (const [file, secretText] of [["oidc-client-secret", provider.clientSecret], ["ldap-bind-password", slapd.adminPassword]] as const) {
      writeFileSync(join(hop3.home, "secrets", file), `${secretText}\n`, { mode: 0o600 });
      chownSync(join(hop3.home, "secrets", file), secrets.uid, secrets.gid);
    }
    callers.admin!.token = hop3.token;
    for (const app of ["alpha", "beta"]) ok(await hop3.cli(["apps:create", app]), `apps:create ${app}`);
    for (const user of ["olga", "dave", "vera", "bob"]) ok(await hop3.cli(["users:add", user, "--email", `${user}@example.org`]), `users:add ${user}`);
    for (const [user, app, role] of [["olga", "alpha", "owner"], ["dave", "alpha", "developer"], ["vera", "alpha", "viewer"], ["bob", "beta", "developer"]] as const) {
      ok(await hop3.cli(["access:grant", app, user, role]), `access:grant ${app} ${user} ${role}`);
    }
    callers.owner!.token = (await newToken("olga-laptop", "--user", "olga")).token;
    callers.developer!.token = (await newToken("dave-laptop", "--user", "dave")).token;
    callers.viewer!.token = (await newToken("vera-laptop", "--user", "vera")).token;
    callers.other!.token = (await newToken("bob-laptop", "--user", "bob")).token;
    callers.scoped!.token = (await newToken("alpha-ci", "--app", "alpha")).token;
    callers.readOnly!.token = (await newToken("dave-dashboard", "--user", "dave", "--read-only")).token;
    const expiring = await newToken("dave-old", "--user", "dave", "--expires", "1");
    callers.expired!.token = expiring.token;
    // A day is long for a test: its expiry is moved into the past, as time would.
    const db = new DatabaseSync(join(hop3.home, "hop3.db"));
    db.exec("PRAGMA busy_timeout = 5000");
    db.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?").run(new Date(Date.now() - 60_000).toISOString(), expiring.info.id);
    db.close();
    const revoked = await newToken("dave-lost", "--user", "dave");
    callers.revoked!.token = revoked.token;
    ok(await hop3.cli(["tokens:revoke", String(revoked.info.id)]), "tokens:revoke");
    ok(await hop3.cli(["config:set", "alpha", `SECRET_TOKEN=${secret}`]), "config:set");

    sshd = await SshdFixture.start(hop3.sshUser);
    for (const user of ["dave", "vera", "bob"]) {
      keys[user] = sshd.newClientKey(`${user}-key`);
      ok(await hop3.cli(["keys:add", `${user}-key`, `${keys[user]}.pub`, "--user", user]), `keys:add for ${user}`);
    }
  });
  after(async () => {
    await sshd?.stop();
    await hop3?.close();
    await provider?.stop();
    await slapd?.stop();
  });

  test("every route × every kind of caller: let through or refused (401, 403, or 404 as if the app did not exist)", async () => {
    const spec = JSON.parse((await httpGet({ port: hop3.apiPort, path: "/openapi.json" })).body) as { paths: Record<string, Record<string, { "x-hop3-permission"?: string }>> };
    const routes = Object.entries(spec.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    assert.deepEqual([...routes].sort(), Object.keys(routeLevels).sort(), "each route of the API has exactly one row in routeLevels");
    // The permission each route declares (as the API description shows it) means its row's level.
    const levelOf: Record<string, Level> = {
      public: "public",
      "signed-in": "any",
      self: "self",
      "app:read": "viewer",
      "app:secrets": "developer",
      "app:deploy": "developer",
      "app:manage": "owner",
      "addons:create": "app-developer",
      "addon:read": "addon-viewer",
      "addon:secrets": "addon-developer",
      "addon:manage": "addon-owner",
    };
    const declared = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, levelOf[operation["x-hop3-permission"] ?? ""] ?? "admin"] as const),
    );
    assert.deepEqual(Object.fromEntries(declared), routeLevels);
    const params: Record<string, string> = { app: "alpha", release: "1", key: "SECRET_TOKEN", job: "nightly", user: "vera", token: "999999" };
    const mismatches: string[] = [];
    for (const route of routes) {
      const [method = "", template = ""] = route.split(" ");
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "x");
      for (const caller of Object.values(callers)) {
        const headers: Record<string, string> = { "hop3-authorize-only": "1", ...(caller.token === null ? {} : { authorization: `Bearer ${caller.token}` }) };
        const answer = await httpGet({ port: hop3.apiPort, path, method, headers });
        const expected = expectedStatus(caller, routeLevels[route] as Level, template.includes("{app}"), method);
        if (answer.status !== (expected === 200 ? 204 : expected)) mismatches.push(`${route} as ${caller.name}: ${answer.status}, expected ${expected} (${answer.body.slice(0, 160)})`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  test("a developer of another app cannot read alpha's config, logs or releases, run commands in it, or learn it exists", async () => {
    const bob = callers.other!;
    const listed = await as(bob, ["apps", "--json"]);
    ok(listed, "apps");
    assert.deepEqual((JSON.parse(listed.stdout) as AppList).apps.map((app) => app.name), ["beta"]);
    for (const args of [["config", "alpha"], ["config:get", "alpha", "SECRET_TOKEN"], ["logs", "alpha"], ["releases", "alpha"], ["apps:info", "alpha"], ["access", "alpha"], ["run", "alpha", "--no-tty", "--", "true"]]) {
      const refused = await as(bob, args);
      const missing = await as(bob, args.map((word) => (word === "alpha" ? "nosuchapp" : word)));
      assert.equal(refused.code, 1, `${args.join(" ")}: ${refused.stdout}`);
      assert.match(refused.stderr, /^error: App "alpha" does not exist\.$/m, args.join(" "));
      assert.equal(refused.stderr.replaceAll("alpha", "nosuchapp"), missing.stderr, `${args.join(" ")} answers as for an app that does not exist`);
      assert.doesNotMatch(refused.stdout + refused.stderr, new RegExp(secret));
    }
    const betaOnly: Caller = { name: "admin's token for beta", token: (await newToken("beta-ci", "--app", "beta")).token, valid: true };
    const scoped = await as(betaOnly, ["apps", "--json"]);
    assert.deepEqual((JSON.parse(scoped.stdout) as AppList).apps.map((app) => app.name), ["beta"], "a token limited to beta lists beta only, though its user is an admin");
    assert.match((await as(betaOnly, ["config", "alpha"])).stderr, /^error: App "alpha" does not exist\.$/m);
  });

  test("a followed log stream ends once its token is revoked, or its user's role on the app is taken away", async () => {
    const follow = async (token: string) => {
      const response = await fetch(`http://127.0.0.1:${hop3.apiPort}/v1/apps/alpha/logs?follow=true`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      const body = response.body!;
      // Wrapped: an awaited promise of a promise would wait for the stream's end here.
      return {
        ended: (async () => {
          for await (const chunk of body) void chunk;
        })(),
      };
    };
    const within = (ended: Promise<void>, what: string) =>
      Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error(`the stream still ran 30 s after ${what}`)), 30_000).unref())]);

    const stolen = await newToken("dave-follow", "--user", "dave");
    const revokedStream = await follow(stolen.token);
    ok(await hop3.cli(["tokens:revoke", String(stolen.info.id)]), "tokens:revoke");
    await within(revokedStream.ended, "its token was revoked");

    ok(await hop3.cli(["users:add", "fred"]), "users:add fred");
    ok(await hop3.cli(["access:grant", "alpha", "fred", "viewer"]), "access:grant fred");
    const fredStream = await follow((await newToken("fred-laptop", "--user", "fred")).token);
    ok(await hop3.cli(["access:revoke", "alpha", "fred"]), "access:revoke fred");
    await within(fredStream.ended, "the user's role was taken away");
  });

  test("roles: a viewer reads but never sees config values, a developer deploys but cannot destroy, an owner grants", async () => {
    const viewer = await as(callers.viewer!, ["config", "alpha"]);
    assert.equal(viewer.code, 1);
    assert.match(viewer.stderr, /^error: vera is a viewer of "alpha"; this needs developer or more \(app:secrets\)\.$/m);
    ok(await as(callers.viewer!, ["apps:info", "alpha"]), "viewer apps:info");
    assert.match((await as(callers.viewer!, ["apps:report", "alpha"])).stdout, /not shown to viewers/);
    const developer = await as(callers.developer!, ["config:get", "alpha", "SECRET_TOKEN"]);
    assert.equal(developer.stdout.trim(), secret);
    const destroy = await as(callers.developer!, ["apps:destroy", "alpha", "--yes"]);
    assert.equal(destroy.code, 1);
    assert.match(destroy.stderr, /this needs owner or more \(app:manage\)/);
    ok(await as(callers.owner!, ["access:grant", "alpha", "bob", "viewer"]), "owner grants");
    assert.match((await as(callers.owner!, ["access", "alpha"])).stdout, /bob\s+viewer/);
    ok(await as(callers.owner!, ["access:revoke", "alpha", "bob"]), "owner revokes");
    const makeOwner = await as(callers.owner!, ["access:grant", "alpha", "vera", "owner"]);
    assert.equal(makeOwner.code, 1, "owners grant up to developer; making an owner is for admins");
    assert.match(makeOwner.stderr, /^error: Only server admins may make someone an owner of "alpha"; owners grant viewer and developer\.$/m);
    const me = JSON.parse((await as(callers.developer!, ["whoami", "--json"])).stdout) as { user: string; apps: unknown };
    assert.deepEqual([me.user, me.apps], ["dave", [{ app: "alpha", role: "developer" }]]);
    const status = JSON.parse((await as(callers.viewer!, ["status", "--json"])).stdout) as { apps: number };
    assert.equal(status.apps, 1, "a user's status counts only the apps they have a role on");
  });

  test("SSH: a user's key pushes only to the apps where the user is developer or owner", async () => {
    const dir = copySample("static-site", { git: true });
    const push = (user: string, app: string) => sshd.git(keys[user]!, ["push", sshd.remote(app), "main"], { cwd: dir });
    const refusedBob = await push("bob", "alpha");
    assert.notEqual(refusedBob.code, 0, "bob has no role on alpha");
    assert.match(refusedBob.stderr, /error: Only server admins may do this|does not exist/);
    const refusedVera = await push("vera", "alpha");
    assert.notEqual(refusedVera.code, 0, "vera is a viewer of alpha");
    assert.match(refusedVera.stderr, /error: vera is a viewer of "alpha"; this needs developer or more \(app:deploy\)\./);
    const pushed = await push("dave", "alpha");
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match((await hop3.viaProxy("alpha")).body, /Hello from static-site/);
    const entry = (await auditEntries("--app", "alpha")).findLast((candidate) => candidate.action === "deploy");
    assert.deepEqual(entry && [entry.user, entry.sshKey, entry.result], ["dave", fingerprintOf(`${keys.dave}.pub`), "ok"]);
    // Commands over SSH run with the key's user too: a user with only a key gets a token so.
    assert.match((await sshd.ssh(keys.dave!, "whoami")).stdout, /^dave \(token "ssh-key:dave-key"\)\nalpha: developer$/m);
    assert.match((await sshd.ssh(keys.dave!, "tokens:create dave-from-ssh")).stdout, /^ {2}hop3_[\w-]{43}$/m);
    assert.match((await sshd.ssh(keys.bob!, "config alpha")).stderr, /^error: App "alpha" does not exist\.$/m);
  });

  test("a viewer's reads of every route show no config value", async () => {
    const spec = JSON.parse((await httpGet({ port: hop3.apiPort, path: "/openapi.json" })).body) as { paths: Record<string, Record<string, unknown>> };
    for (const [template, operations] of Object.entries(spec.paths)) {
      if (!("get" in operations) || !template.includes("{app}")) continue;
      const path = template.replace("{app}", "alpha").replace("{release}", "1").replace("{key}", "SECRET_TOKEN");
      const answer = await httpGet({ port: hop3.apiPort, path, headers: { authorization: `Bearer ${callers.viewer!.token}` } });
      assert.doesNotMatch(answer.body, new RegExp(secret), `GET ${path}`);
    }
  });

  test("each change makes one audit entry (names, never values); a failed sign-in too", async () => {
    const last = async (): Promise<AuditEntry | undefined> => (await auditEntries()).at(-1);
    const count = async () => (await auditEntries()).length;
    const changes: [Caller, string[], Partial<AuditEntry>][] = [
      [callers.developer!, ["config:set", "alpha", "API_KEY=do-not-log-me"], { action: "config.change", user: "dave", app: "alpha", detail: "set API_KEY", result: "ok" }],
      [callers.developer!, ["ps:scale", "alpha", "web=1"], { action: "scale", user: "dave", app: "alpha" }],
      [callers.owner!, ["access:grant", "alpha", "bob", "developer"], { action: "access.grant", user: "olga", app: "alpha", detail: "bob: developer", result: "ok" }],
      [callers.owner!, ["access:revoke", "alpha", "bob"], { action: "access.revoke", user: "olga", app: "alpha", detail: "bob", result: "ok" }],
      [callers.developer!, ["tokens:create", "dave-ci", "--app", "alpha"], { action: "token.create", user: "dave", detail: "dave-ci, app alpha", result: "ok" }],
      [callers.viewer!, ["config:unset", "alpha", "API_KEY"], { action: "config.change", user: "vera", app: "alpha", result: "PERMISSION_DENIED" }],
      [callers.revoked!, ["config:set", "alpha", "X=1"], { action: "login.failed", user: null, app: "alpha", result: "AUTH_INVALID" }],
    ];
    for (const [caller, args, expected] of changes) {
      const before = await count();
      await as(caller, args);
      assert.equal(await count(), before + 1, `${args.join(" ")} makes one entry`);
      const entry = await last();
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((key) => [key, entry?.[key as keyof AuditEntry]])), expected, args.join(" "));
    }
    assert.doesNotMatch(JSON.stringify(await auditEntries()), /do-not-log-me|s3cret/);
    const text = await hop3.cli(["audit", "--app", "alpha", "--user", "olga"]);
    assert.match(text.stdout, /access\.grant\s+alpha\s+bob: developer\s+ok/);
    const denied = await as(callers.owner!, ["audit"]);
    assert.match(denied.stderr, /Only server admins may do this \(server:read\)/);
  });

  test("single sign-on: an OIDC group and an LDAP group give roles on one app; LDAP passwords sign in, wrong ones fail and lock", async () => {
    const hop3Url = `http://127.0.0.1:${hop3.apiPort}`;
    const mayDeploy = async (token: string, app: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port: hop3.apiPort, method: "POST", path: `/v1/apps/${app}/deploys`, headers: { authorization: `Bearer ${token}`, "hop3-authorize-only": "1" } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.once("error", reject);
        req.end();
      });
    const whoami = async (token: string) => JSON.parse((await hop3.cli(["whoami", "--json"], { env: { HOP3_TOKEN: token } })).stdout) as { user: string; admin: boolean; apps: unknown };

    // OIDC: the web UI's button, the provider's sign-in page, back with a session; a token for the CLI.
    const browser = new BrowserSession();
    assert.match((await browser.open(`${hop3Url}/ui/sign-in`)).body, /href="\/ui\/sign-in\/oidc"/, "the sign-in page offers single sign-on");
    const landed = await browser.signInWithOidc(hop3Url, "olivia");
    assert.equal(landed.status, 200, landed.body);
    assert.match((await browser.open(`${hop3Url}/ui/`)).body, /Signed in as <strong>olivia<\/strong>[\s\S]*href="\/ui\/apps\/alpha"/);
    const tokenPage = await browser.submit(await browser.open(`${hop3Url}/ui/cli-token`), { name: "olivia-laptop", expires: "30" });
    const oliviaToken = /--token (\S+)<\/code>/.exec(tokenPage.body)?.[1] ?? "";
    assert.match(tokenPage.body, new RegExp(`hop3 login --url ${hop3Url} --token`));
    const olivia = await whoami(oliviaToken);
    assert.deepEqual([olivia.user, olivia.admin, olivia.apps], ["olivia", false, [{ app: "alpha", role: "developer" }]]);
    assert.equal(await mayDeploy(oliviaToken, "alpha"), 204, "the group alpha-devs makes her a developer of alpha: she may deploy it");
    assert.equal(await mayDeploy(oliviaToken, "beta"), 404, "beta is hidden from her");
    // Her groups change at the provider: her next sign-in takes the role away.
    oidcGroups.olivia = [];
    assert.equal((await new BrowserSession().signInWithOidc(hop3Url, "olivia")).status, 200);
    assert.deepEqual((await whoami(oliviaToken)).apps, []);
    assert.equal(await mayDeploy(oliviaToken, "alpha"), 404);

    // LDAP: `hop3 login --user` with the directory's password saves a token with carol's roles.
    const carolConfig = mkdtempSync(join(tmpdir(), "hop3-carol-"));
    const login = await hop3.cli(["login", "--url", hop3Url, "--user", "carol"], { input: "carol-ldap-password\n", env: { XDG_CONFIG_HOME: carolConfig } });
    ok(login, "hop3 login --user carol");
    const carolToken = (JSON.parse(readFileSync(join(carolConfig, "hop3", "config.json"), "utf8")) as { token: string }).token;
    assert.deepEqual((await whoami(carolToken)).apps, [{ app: "beta", role: "developer" }]);
    assert.equal(await mayDeploy(carolToken, "beta"), 204);
    assert.equal(await mayDeploy(carolToken, "alpha"), 404);
    const wrong = await hop3.cli(["login", "--url", hop3Url, "--user", "carol"], { input: "not her password\n", env: { XDG_CONFIG_HOME: carolConfig } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^error: Wrong user name or password\.$/m);
    // The web UI's password form takes LDAP users too.
    const form = new BrowserSession();
    assert.match((await form.submit(await form.open(`${hop3Url}/ui/sign-in`), { user: "carol", password: "carol-ldap-password" })).body, /Signed in as <strong>carol<\/strong>/);
    // Five wrong LDAP passwords lock the name, even for the right one.
    const web = new BrowserSession();
    for (let i = 0; i < 5; i++) assert.equal((await web.submit(await web.open(`${hop3Url}/ui/sign-in`), { user: "dan", password: `wrong ${i}` })).status, 401);
    const locked = await web.submit(await web.open(`${hop3Url}/ui/sign-in`), { user: "dan", password: "dan-ldap-password" });
    assert.equal(locked.status, 429);
    assert.match(locked.body, /Too many failed sign-ins/);

    const entries = await auditEntries("--since", new Date(Date.now() - 3600_000).toISOString());
    assert.ok(entries.some((entry) => entry.action === "login" && entry.user === "olivia" && entry.result === "ok"), "the OIDC sign-in is audited");
    assert.ok(entries.some((entry) => entry.action === "login.token" && entry.user === "carol" && entry.result === "ok"), "the LDAP sign-in for a token is audited");
    assert.equal(entries.filter((entry) => entry.action === "login.failed" && entry.detail === "dan").length, 6);
    // An SSO user is an ordinary user from now on: listed, with roles an admin can change.
    assert.match((await hop3.cli(["users"])).stdout, /carol[\s\S]*olivia/);
  });

  test("people sign in with a password: an HttpOnly SameSite cookie, a CSRF token for changes, lockout and rate limiting", async () => {
    const call = (method: string, path: string, options: { cookie?: string; csrf?: string; body?: unknown } = {}) =>
      new Promise<{ status: number; body: string; cookie: string | undefined }>((resolve, reject) => {
        const headers: Record<string, string> = { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.csrf ? { "x-csrf-token": options.csrf } : {}), ...(options.body ? { "content-type": "application/json" } : {}) };
        const req = request({ host: "127.0.0.1", port: hop3.apiPort, method, path, headers }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers["set-cookie"]?.[0] }));
        });
        req.once("error", reject);
        req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
      });
    const password = "correct horse battery staple";
    for (const user of ["dave", "vera"]) ok(await hop3.cli(["users:passwd", user], { input: `${password}\n` }), `users:passwd ${user}`);
    const signedIn = await call("POST", "/v1/sessions", { body: { user: "dave", password } });
    assert.equal(signedIn.status, 201, signedIn.body);
    assert.match(signedIn.cookie ?? "", /^hop3_session=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=\d+$/);
    const cookie = (signedIn.cookie ?? "").split(";")[0] ?? "";
    const { csrfToken } = JSON.parse(signedIn.body) as { csrfToken: string };
    assert.deepEqual((JSON.parse((await call("GET", "/v1/apps", { cookie })).body) as AppList).apps.map((app) => app.name), ["alpha"]);
    const change = { set: { FROM_BROWSER: "1" }, restart: false };
    const forged = await call("POST", "/v1/apps/alpha/config", { cookie, body: change });
    assert.equal(forged.status, 403);
    assert.match(forged.body, /CSRF_INVALID/);
    assert.equal((await call("POST", "/v1/apps/alpha/config", { cookie, csrf: csrfToken, body: change })).status, 200);
    assert.equal((await call("POST", "/v1/apps/beta/config", { cookie, csrf: csrfToken, body: change })).status, 404, "a session has its user's roles");
    assert.equal((await call("DELETE", "/v1/sessions/current", { cookie, csrf: csrfToken })).status, 204);
    assert.equal((await call("GET", "/v1/apps", { cookie })).status, 401, "signed out");

    for (let i = 0; i < 5; i++) assert.equal((await call("POST", "/v1/sessions", { body: { user: "vera", password: `wrong ${i}` } })).status, 401);
    const locked = await call("POST", "/v1/sessions", { body: { user: "vera", password } });
    assert.equal(locked.status, 429);
    assert.match(locked.body, /SIGN_IN_LOCKED/);
    const entries = await auditEntries();
    assert.ok(entries.some((entry) => entry.action === "login" && entry.user === "dave" && entry.result === "ok"));
    assert.equal(entries.filter((entry) => entry.action === "login.failed" && entry.detail === "vera").length, 6);
    let limited = 0;
    for (let i = 0; i < 21 && limited === 0; i++) {
      if ((await call("POST", "/v1/sessions", { body: { user: `nobody${i}`, password: "x" } })).status === 429) limited = i + 1;
    }
    assert.ok(limited > 0, "an address is rate limited after 20 attempts in a minute");
  });

  test("removing a user removes their tokens, SSH keys and roles; the last admin stays", async () => {
    ok(await hop3.cli(["users:remove", "bob"]), "users:remove bob");
    assert.match((await as(callers.other!, ["apps"])).stderr, /^error: The API token is not valid\.$/m);
    assert.notEqual((await sshd.ssh(keys.bob!, "apps")).code, 0, "bob's key no longer logs in");
    assert.doesNotMatch((await hop3.cli(["keys:list"])).stdout, /bob-key/);
    assert.doesNotMatch((await hop3.cli(["access", "beta"])).stdout, /bob/);
    const last = await hop3.cli(["users:remove", "admin"]);
    assert.equal(last.code, 1);
    assert.match(last.stderr, /^error: "admin" is the only server admin\.$/m);
  });

  test("audit:verify passes on the log as written, and fails once an entry is edited behind Hop3's back", async () => {
    const verified = await hop3.cli(["audit:verify"]);
    ok(verified, "audit:verify");
    assert.match(verified.stdout, /^The audit log is intact: \d+ entries/);
    const db = new DatabaseSync(join(hop3.home, "hop3.db"));
    db.exec("PRAGMA busy_timeout = 5000");
    assert.throws(() => db.prepare("UPDATE audit_log SET user_name = 'mallory' WHERE id = 2").run(), /append-only/);
    db.exec("DROP TRIGGER audit_log_no_update");
    const originalUser = db.prepare("SELECT user_name FROM audit_log WHERE id = 2").get()?.user_name ?? null;
    db.prepare("UPDATE audit_log SET user_name = 'mallory' WHERE id = 2").run();
    db.close();
    const broken = await hop3.cli(["audit:verify"]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^error: Audit entry 2 does not match the chain \(1 entries before it are intact\)\.$/m);
    // Entries cut off the end keep the chain whole, but not the anchor file outside the database.
    const db2 = new DatabaseSync(join(hop3.home, "hop3.db"));
    db2.exec("PRAGMA busy_timeout = 5000");
    db2.prepare("UPDATE audit_log SET user_name = ? WHERE id = 2").run(originalUser);
    db2.close();
    ok(await hop3.cli(["audit:verify"]), "audit:verify with entry 2 put back");
    const exported = (await hop3.cli(["audit:export"])).stdout.trim().split("\n").map((line) => JSON.parse(line) as AuditEntry);
    const lastId = exported.at(-1)?.id ?? 0;
    assert.deepEqual(exported.map((entry) => entry.id), Array.from({ length: lastId }, (_, index) => index + 1), "audit:export prints every entry, one JSON object a line");
    const db3 = new DatabaseSync(join(hop3.home, "hop3.db"));
    db3.exec("PRAGMA busy_timeout = 5000; DROP TRIGGER audit_log_no_delete");
    db3.prepare("DELETE FROM audit_log WHERE id >= ?").run(lastId - 1);
    db3.close();
    const truncated = await hop3.cli(["audit:verify"]);
    assert.equal(truncated.code, 1);
    assert.match(truncated.stderr, new RegExp(`^error: Audit entries ${lastId - 1} to \\d+ were removed from the end of the log`, "m"));
  });
});
