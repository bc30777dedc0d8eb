import { test } from "node:test";
import assert from "node:assert/strict";
import { appSections, restoreConfirmation, type AppSectionsData, type SectionActions } from "./ui-app-sections.ts";

const viewer = { user: "olga", csrf: "tok" };
const none: SectionActions = { manage: false, backup: false, addons: false, admin: false };
const data = (actions: SectionActions, audit: AppSectionsData["audit"] = null): AppSectionsData => ({
  app: "shop",
  domains: { app: "shop", default: "shop.example.org", domains: ["www.shop.org"], hsts: false, tls: "acme" },
  certificates: { app: "shop", certificates: [{ host: "www.shop.org", status: "valid", issuer: "R3", notAfter: "2027-01-01T00:00:00.000Z", detail: null, source: "automatic" }] },
  addons: { attached: [{ name: "shop-db", type: "postgres", status: "running", version: "15", variables: ["DATABASE_URL"] }], others: ["cache"] },
  backups: { repository: "/srv/backups", schedule: null, overdue: false, drill: null, backups: [{ id: 3, app: "shop", status: "succeeded", reason: null, trigger: "manual", snapshot: "abc", parts: [], bytes: 2048, added: 10, startedAt: "2026-12-01T10:00:00.000Z", finishedAt: null, progress: null }] },
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

test("a developer detaches and attaches addons (those the page was given) but gets no certificate or schedule form", () => {
  const page = appSections(viewer, data({ ...none, backup: true, addons: true })).toString();
  assert.match(page, /Detach shop-db/);
  assert.match(page, /<option>cache<\/option>/);
  assert.doesNotMatch(page, /Add certificate|Set backup schedule|Set drill schedule|name="key"/);
  const viewerPage = appSections(viewer, data(none)).toString();
  assert.match(viewerPage, /<th scope="row">shop-db<\/th>/, "a viewer sees the attached addons too");
});

test("an owner adds and removes custom certificates and sets the schedules; a refused certificate keeps its chain, never its key", () => {
  const custom = [{ fingerprint: "ab", subjects: ["www.shop.org"], hosts: ["www.shop.org"], issuer: "My CA", notBefore: "2026-01-01T00:00:00.000Z", notAfter: "2027-01-01T00:00:00.000Z", addedAt: "2026-12-01T00:00:00.000Z" }];
  const base = data({ ...none, manage: true, backup: true });
  const page = appSections(viewer, {
    ...base,
    certificates: { ...base.certificates!, custom },
    backups: { ...base.backups, schedule: { cron: "0 2 * * *", keepDaily: 5, keepWeekly: 2, keepMonthly: 1 }, drill: { cron: "0 5 * * 0", last: { status: "failed", reason: "health check <failed>", finishedAt: "2026-12-02T05:00:00.000Z" } } },
    problem: { form: "certificate", message: "The key does not match.", key: "-----BEGIN CERTIFICATE-----\n<x>" },
  }).toString();
  assert.match(page, /Remove the certificate of www\.shop\.org/);
  assert.match(page, /<textarea id="cert-chain"[^>]*aria-invalid="true" aria-describedby="cert-error">-----BEGIN CERTIFICATE-----\n&lt;x&gt;<\/textarea>/);
  assert.match(page, /<p id="cert-error" class="error" role="alert">The key does not match\.<\/p>/);
  assert.match(page, /<textarea id="cert-key" name="key"[^>]*><\/textarea>/, "the key field is always empty");
  assert.match(page, /Scheduled: <code>0 2 \* \* \*<\/code>, keeping 5 daily, 2 weekly and 1 monthly/);
  assert.match(page, /Restore drill: <code>0 5 \* \* 0<\/code>, last <span class="status status-bad">failed<\/span>: health check &lt;failed&gt;/);
  assert.match(page, /Turn the backup schedule off/);
  assert.match(page, /Turn the drill schedule off/);
  assert.match(page, /id="backup-cron"[^>]*value="0 2 \* \* \*"/);
});

test("the restore confirmation offers a restore in place and into a new app, both confirmed", () => {
  const backup = data(none).backups.backups[0]!;
  const page = restoreConfirmation(viewer, "shop", backup).toString();
  assert.equal(page.match(/name="confirm" value="yes"/g)?.length, 2);
  assert.match(page, /<label for="restore-to">Name of the new app<\/label>\n<input id="restore-to" name="to" required/);
  assert.match(page, /Restore backup 3 into the new app/);
});
