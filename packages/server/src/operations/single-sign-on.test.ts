import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { loadServerConfig } from "../config/server-config.ts";
import { StateLayout } from "../config/state-layout.ts";
import { SessionStore } from "../auth/session-store.ts";
import { UserStore } from "../auth/user-store.ts";
import { signInOf } from "./single-sign-on.ts";

function build(t: { after(fn: () => void): void }, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-sso-config-"));
  const db = openDatabase(join(dir, "hop3.db"));
  t.after(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  const config = loadServerConfig({ HOP3_HOME: dir, ...env });
  return () => signInOf({ config, layout: new StateLayout(dir), users: new UserStore(db), sessions: new SessionStore(db), findApp: () => null });
}

void test("single sign-on is off unless configured; a bad role map or a plain-HTTP remote issuer stops the server at start", (t) => {
  assert.equal(build(t, {})().oidc, null);
  const oidc = { HOP3_OIDC_CLIENT_ID: "hop3", HOP3_OIDC_REDIRECT_URL: "https://hop3.example.org/ui/sign-in/oidc/callback" };
  assert.notEqual(build(t, { ...oidc, HOP3_OIDC_ISSUER: "https://id.example.org" })().oidc, null);
  assert.notEqual(build(t, { ...oidc, HOP3_OIDC_ISSUER: "http://127.0.0.1:9000" })().oidc, null, "plain HTTP to a provider on this machine");
  assert.throws(build(t, { ...oidc, HOP3_OIDC_ISSUER: "http://id.example.org" }), /oidc-issuer \(HOP3_OIDC_ISSUER\) must be an https:\/\/ URL/);
  assert.throws(build(t, { HOP3_OIDC_ISSUER: "https://id.example.org" }), /oidc-client-id \(HOP3_OIDC_CLIENT_ID\) must be set/);
  assert.throws(build(t, { HOP3_LDAP_ROLES: "devs=developer" }), /ldap-roles \(HOP3_LDAP_ROLES\): "devs=developer" is not GROUP=admin or GROUP=ROLE@APP/);
});
