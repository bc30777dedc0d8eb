import { test } from "node:test";
import assert from "node:assert/strict";
import { appSections, type AppSectionsData, type SectionActions } from "./ui-app-sections.ts";

const viewer = { user: "olga", csrf: "tok" };
const none: SectionActions = { manage: false, backup: false, addons: false, admin: false };
const data = (actions: SectionActions, audit: AppSectionsData["audit"] = null): AppSectionsData => ({
  app: "shop",
  domains: { app: "shop", default: "shop.example.org", domains: ["www.shop.org"], hsts: false, tls: "acme" },
  certificates: { app: "shop", certificates: [{ host: "www.shop.org", status: "valid", issuer: "R3", notAfter: "2027-01-01T00:00:00.000Z", detail: null, source: "automatic" }] },
  addons: { attached: [{ name: "shop-db", type: "postgres", status: "running", version: "15", variables: ["DATABASE_URL"] }], others: ["cache"] },
  backups: { repository: "/srv/backups", schedule: null, overdue: false, backups: [{ id: 3, app: "shop", status: "succeeded", reason: null, trigger: "manual", snapshot: "abc", parts: [], bytes: 2048, added: 10, startedAt: "2026-12-01T10:00:00.000Z", finishedAt: null, progress: null }] },
  access: { app: "shop", grants: [{ user: "olga", role: "owner" }, { user: "vera", role: "viewer" }] },
  audit,
  actions,
});

test("a viewer's sections list domains, certificates, addons, backups and roles without a single form", () => {
  const page = appSections(viewer, data(none)).toString();
  assert.doesNotMatch(page, /<form|<button|Restore backup/);
  assert.match(page, /<th scope="row">www\.shop\.org<\/th><td><span class="status status-good"><span aria-hidden="true">●<\/span> valid<\/span><\/td><td>R3<\/td>/);
  assert.match(page, /<code>DATABASE_URL<\/code>/);
  assert.match(page, /<th scope="row">vera<\/th><td>viewer<\/td>/);
  assert.doesNotMatch(page, /Audit entries/, "the audit log is for admins");
});

test("an owner gets the forms, but no revoke of an owner and no owner role to give; an admin gets both", () => {
  const owner = appSections(viewer, data({ ...none, manage: true, backup: true })).toString();
  assert.match(owner, /Remove www\.shop\.org/);
  assert.match(owner, /Back up now/);
  assert.match(owner, /href="\/ui\/apps\/shop\/backups\/3\/restore">Restore backup 3…/);
  assert.match(owner, /Revoke vera/);
  assert.doesNotMatch(owner, /Revoke olga|<option>owner<\/option>|Detach|Attach addon/);
  const admin = appSections(viewer, data({ manage: true, backup: true, addons: true, admin: true }, [])).toString();
  assert.match(admin, /Revoke olga/);
  assert.match(admin, /<option>owner<\/option>/);
  assert.match(admin, /Detach shop-db/);
  assert.match(admin, /<option>cache<\/option>/);
  assert.match(admin, /Audit entries/);
});

test("audit details, domains and user names are text, never markup", () => {
  const hostile = `<script>alert(1)</script>`;
  const page = appSections(viewer, {
    ...data({ ...none, manage: true }, [{ id: 1, at: "2026-12-01T10:00:00.000Z", user: hostile, token: null, sshKey: null, ip: null, action: "domains.change", app: "shop", detail: `add ${hostile}`, result: "DOMAIN_INVALID", hash: "x" }]),
    access: { app: "shop", grants: [{ user: hostile, role: "viewer" }] },
  }).toString();
  assert.doesNotMatch(page, /<script>/);
  assert.match(page, /<td>add &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
  assert.match(page, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
});
