import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppInfo } from "@hop3/contract";
import { attentionOf, byAttention } from "./attention.ts";
import { appPage, logsPage } from "./ui-app-pages.ts";
import type { FormProblem } from "./ui-app-config.ts";
import { dashboardPage, signInPage } from "./ui-pages.ts";

const viewer = { user: "vera", csrf: "tok" };
const info: AppInfo = {
  name: "shop",
  status: "running",
  url: "http://shop.example.org",
  release: 2,
  builder: "python",
  createdAt: "2026-12-01T10:00:00.000Z",
  unixUser: "hop3-shop",
  processTypes: { web: "python3 web.py" },
  instances: [{ type: "web", index: 1, state: "running", pid: 10, port: 5000, startedAt: "2026-12-01T10:00:00.000Z", uptimeSeconds: 5, restarts: 0, release: 2, cpuPercent: 12.5, memoryBytes: 48 * 1048576, memoryLimitBytes: 256 * 1048576 }],
  deployedAt: "2026-12-01T10:00:00.000Z",
};
const release = (number: number, current: boolean) => ({ number, status: current ? ("succeeded" as const) : ("superseded" as const), current, source: "upload" as const, gitSha: null, gitRef: null, rollbackOf: null, builder: null, processTypes: ["web"], buildKept: true, draining: 0, error: null, createdAt: "2026-12-01T10:00:00.000Z", finishedAt: null });
const page = (actions: { restart: boolean; rollback: boolean; secrets: boolean }, value: string | null, problem: FormProblem | null = null) =>
  appPage(viewer, { info, releases: [release(2, true), release(1, false)], config: [{ name: "SECRET_KEY", value }], actions: { ...actions, configure: actions.restart, scale: actions.restart, redeploy: actions.restart }, notice: null, problem }).toString();

test("the app page shows each instance's CPU and working-set memory against its limit, as hop3 ps does", () => {
  assert.match(page({ restart: false, rollback: false, secrets: false }, null), /<td>12\.5%<\/td><td>48 MiB \/ 256 MiB<\/td><\/tr>/);
});

test("a viewer's app page has no restart, rollback or redeploy form and no config value", () => {
  const html = page({ restart: false, rollback: false, secrets: false }, null);
  assert.doesNotMatch(html, /<form method="post" action="\/ui\/apps\/shop\/(restart|rollback|redeploy)"/);
  assert.doesNotMatch(html, /Redeploy/);
  assert.match(html, /SECRET_KEY/);
  assert.match(html, /hidden/);
});

test("a developer's app page has restart and rollback forms, each with the CSRF token, and values masked until revealed", () => {
  const html = page({ restart: true, rollback: true, secrets: true }, "s3cr3t<b>");
  assert.match(html, /<form method="post" action="\/ui\/apps\/shop\/restart"><input type="hidden" name="csrf" value="tok">/);
  assert.match(html, /action="\/ui\/apps\/shop\/rollback"><input type="hidden" name="csrf" value="tok"><input type="hidden" name="release" value="1">/);
  assert.doesNotMatch(html, /Roll back to v2/, "no rollback to the serving release");
  assert.match(html, /<form method="post" action="\/ui\/apps\/shop\/redeploy">\n<input type="hidden" name="csrf" value="tok">[\s\S]*<button type="submit" aria-describedby="redeploy-help">Redeploy<\/button>/);
  assert.match(html, /<details><summary>Reveal<\/summary><code>s3cr3t&lt;b&gt;<\/code><\/details>/);
});

test("a refused redeploy (a deploy running) is shown next to its button", () => {
  const html = page({ restart: true, rollback: true, secrets: true }, null, { form: "redeploy", message: "App \"shop\" is being deployed or changed right now. Wait <b>" });
  assert.match(html, /aria-describedby="redeploy-help redeploy-error">Redeploy<\/button><\/p>\n<p id="redeploy-error" class="error" role="alert">App &quot;shop&quot; is being deployed or changed right now\. Wait &lt;b&gt;<\/p>/);
});

test("a redeploy refused for an app without a release (no button then) is still said on the page", () => {
  const html = appPage(viewer, { info: { ...info, release: null }, releases: [], config: [], actions: { restart: true, rollback: true, secrets: true, configure: true, scale: true, redeploy: false }, notice: null, problem: { form: "redeploy", message: "App \"shop\" has no release to redeploy." } }).toString();
  assert.doesNotMatch(html, />Redeploy<\/button>/);
  assert.match(html, /<p class="error" role="alert">App &quot;shop&quot; has no release to redeploy\.<\/p>/);
});

test("log lines render as text; the page loads its script from a file and keeps a bounded window", () => {
  const html = logsPage(viewer, "shop", [{ instance: "web.1", time: null, release: 2, line: "<script>alert(1)</script>" }], 500).toString();
  assert.match(html, /<li>web\.1 &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/li>/);
  assert.match(html, /data-max="500"/);
  assert.match(html, /<script src="\/ui\/static\/logs\.js" defer><\/script>/);
  assert.doesNotMatch(html, /<script>/);
});

test("every page has a skip link, a main landmark and labelled inputs; sign-in says it failed without saying why", () => {
  const html = signInPage("tok", "Sign-in failed: wrong user name or password.").toString();
  assert.match(html, /<a class="skip" href="#main">/);
  assert.match(html, /<main id="main"/);
  assert.match(html, /<label for="user">[^<]+<\/label>\s*<input id="user"/);
  assert.match(html, /<label for="password">[^<]+<\/label>\s*<input id="password"/);
  assert.match(html, /role="alert">Sign-in failed: wrong user name or password\./);
});

test("the dashboard lists apps needing attention first, saying why in words", () => {
  const fine = { name: "aaa", status: "running" as const, release: 1, deployedAt: null, attention: attentionOf({ status: "running", instances: [] }, undefined) };
  const down = { name: "zzz", status: "down" as const, release: 1, deployedAt: null, attention: attentionOf({ status: "down", instances: [] }, undefined) };
  const failedDeploy = { name: "mmm", status: "running" as const, release: 1, deployedAt: null, attention: attentionOf({ status: "running", instances: [] }, { status: "failed", number: 2 }) };
  const degraded = { name: "bbb", status: "degraded" as const, release: 1, deployedAt: null, attention: attentionOf({ status: "degraded", instances: [] }, undefined) };
  const sorted = byAttention([fine, down, degraded, failedDeploy]);
  assert.deepEqual(sorted.map((app) => app.name), ["mmm", "zzz", "bbb", "aaa"]);
  const html = dashboardPage(viewer, sorted).toString();
  assert.match(html, /3 needing attention/);
  assert.match(html, /the last deploy \(release 2\) failed/);
  assert.ok(html.indexOf("/ui/apps/mmm") < html.indexOf("/ui/apps/aaa"));
});
