import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request, type IncomingHttpHeaders } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import type { AuditLog, ReleaseList } from "@hop3/contract";
import { Hop3Fixture, type CliResult } from "./support/hop3-fixture.ts";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { copySample } from "./support/sample-apps.ts";
import { screenshot, tabStops } from "./support/ui-page-tools.ts";
import { TestCertificates } from "../support/test-certificates.ts";

/**
 * The web UI (docs/web-ui.md) in Debian's Chromium, driven by playwright-core (ADR 53), and
 * the attacks on its forms as plain HTTP requests. One server: app "shop" (deployed) on which
 * vera is a viewer, dave a developer and olga an owner, and app "vault" on which none has a role;
 * nina has no role, "admin" is the server admin.
 */
const password = "correct horse battery";
/** test/apps/procfile-app whose web process prints each request's decoded path: a log line the test chooses. */
function echoApp(): string {
  const dir = copySample("procfile-app");
  writeFileSync(join(dir, "Procfile"), "web: python3 echo.py\n");
  writeFileSync(
    join(dir, "echo.py"),
    [
      "import http.server, os, urllib.parse",
      "class Echo(http.server.BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        path = urllib.parse.unquote(self.path)",
      "        if path.startswith('/burst/'):",
      "            print('\\n'.join('burst line %d' % n for n in range(1, int(path[7:]) + 1)), flush=True)",
      "        else:",
      "            print('visited ' + path, flush=True)",
      "        self.send_response(200)",
      "        self.end_headers()",
      "        self.wfile.write(b'ok')",
      "http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Echo).serve_forever()",
      "",
    ].join("\n"),
  );
  return dir;
}

const chromiumFlags = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** axe-core's WCAG 2.0-2.2 A and AA rules (ADR 53). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const wcagAA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * The accessibility violations axe finds on the page, as "rule: target" lines. Injected by
 * the DevTools protocol, which the page's CSP does not apply to (it blocks inline scripts).
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run((globalThis as unknown as InPage).document, { runOnly: { type: "tag", values: tags } });
  }, wcagAA);
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));
}

/** Fails with the violations when axe finds any on the page. */
async function assertAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `accessibility violations on ${what}`);
}

/** The little of the browser's globals the page functions use (the tests compile without the DOM library). */
type InPage = { document: { activeElement: { textContent: string | null } | null }; getComputedStyle(element: unknown): { outlineStyle: string } };

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function ok(result: CliResult, what: string): void {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
}

describe("web UI: sign-in, dashboard, role-gated actions, live logs", () => {
  let hop3: Hop3Fixture;
  let browser: Browser;
  const base = () => `http://127.0.0.1:${hop3.apiPort}`;

  /** An HTTP request to the API's listener, with its headers answered too. */
  const send = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> =>
    new Promise((resolveSend, reject) => {
      const req = request({ host: "127.0.0.1", port: hop3.apiPort, path, method: options.method ?? "GET", headers: options.headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolveSend({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.once("error", reject);
      req.end(options.body);
    });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = (cookie: string) => ({ "content-type": "application/x-www-form-urlencoded", cookie });

  /** A browser page signed in as `user` through the sign-in form. */
  async function signedIn(user: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base()}/ui/`);
    assert.equal(new URL(page.url()).pathname, "/ui/sign-in", "signed out, the dashboard sends to the sign-in page");
    await page.getByLabel("User name").fill(user);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base()}/ui/`).catch(async (error: unknown) => {
      throw new Error(`${user}'s sign-in did not reach the dashboard; the page says: ${await page.locator("main").innerText().catch(() => "(nothing)")}`, { cause: error });
    });
    return page;
  }

  /** The session cookie and CSRF token of a browser page, for plain HTTP requests as its user. */
  async function sessionOf(page: Page): Promise<{ cookie: string; csrf: string }> {
    // The CSRF cookie's path is /ui: asked for the site's root, the browser would leave it out.
    const cookies = await page.context().cookies(`${base()}/ui/`);
    const value = (name: string) => cookies.find((cookie) => cookie.name === name)?.value ?? "";
    return { cookie: `hop3_session=${value("hop3_session")}; hop3_csrf=${value("hop3_csrf")}`, csrf: value("hop3_csrf") };
  }

  before(async () => {
    // This file signs in some twenty times a minute from one address, as five people: more than
    // the per-address limit lets through (sign-in-attempts-per-minute, tested in access.test.ts).
    hop3 = await Hop3Fixture.start({ env: { HOP3_SIGN_IN_ATTEMPTS_PER_MINUTE: "200" } });
    for (const user of ["vera", "dave", "olga", "nina", "admin"]) {
      if (user !== "admin") ok(await hop3.cli(["users:add", user, "--email", `${user}@example.org`]), `users:add ${user}`);
      assert.equal((await hop3.api(`/v1/users/${user}/password`, "PUT", { password })).status, 200, `password of ${user}`);
    }
    assert.equal((await hop3.api("/v1/apps", "POST", { name: "vault" })).status, 201);
    assert.equal((await hop3.api("/v1/apps", "POST", { name: "shop" })).status, 201);
    ok(await hop3.cli(["config:set", "shop", "API_KEY=s3cr3t-value-42"]), "config:set");
    ok(await hop3.cli(["deploy", "--app", "shop", echoApp()]), "deploy shop");
    ok(await hop3.cli(["access:grant", "shop", "vera", "viewer"]), "grant vera");
    ok(await hop3.cli(["access:grant", "shop", "dave", "developer"]), "grant dave");
    ok(await hop3.cli(["access:grant", "shop", "olga", "owner"]), "grant olga");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumFlags });
  });

  after(async () => {
    await browser?.close();
    await hop3?.close();
  });

  test("pages carry a strict CSP, refuse framing, and send the signed-out to the sign-in page", async () => {
    const dashboard = await send("/ui/");
    assert.equal(dashboard.status, 303);
    assert.equal(dashboard.headers.location, "/ui/sign-in");
    const signIn = await send("/ui/sign-in");
    assert.equal(signIn.status, 200);
    const csp = String(signIn.headers["content-security-policy"]);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(signIn.headers["x-frame-options"], "DENY");
    assert.ok(signIn.headers["referrer-policy"]);
    assert.match(signIn.body, /<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{43}">/);
    assert.doesNotMatch(signIn.body, /<script>|style=/, "no inline script or style");
  });

  test("a failed sign-in says so without telling which part was wrong; a sign-in form without its token is refused", async () => {
    const page = await (await browser.newContext()).newPage();
    const messages: string[] = [];
    for (const [user, pass] of [["vera", "wrong password!"], ["nobody-at-all", password]] as const) {
      await page.goto(`${base()}/ui/sign-in`);
      await page.getByLabel("User name").fill(user);
      await page.getByLabel("Password").fill(pass);
      await page.getByRole("button", { name: "Sign in" }).click();
      messages.push(await page.getByRole("alert").innerText());
    }
    await assertAccessible(page, "the sign-in page with its error");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent), "Skip to content", "the first Tab reaches the skip link");
    const outline = await page.evaluate(() => {
      const dom = globalThis as unknown as InPage;
      return dom.getComputedStyle(dom.document.activeElement).outlineStyle;
    });
    assert.notEqual(outline, "none", "focus is visible");
    // The scan finds what it should: a button without a name on a page of our own.
    await page.setContent("<!doctype html><html lang=en><title>t</title><main><button></button></main></html>");
    assert.match((await axeViolations(page)).join("\n"), /button-name/);
    assert.match(messages[0] ?? "", /Sign-in failed/);
    assert.equal(messages[0], messages[1], "a wrong password and an unknown user get the same answer");
    await page.context().close();
    const forged = await send("/ui/sign-in", { method: "POST", headers: formHeaders(""), body: form({ user: "vera", password, csrf: "x".repeat(43) }) });
    assert.equal(forged.status, 403);
    assert.equal(forged.headers["set-cookie"]?.some((cookie) => cookie.startsWith("hop3_session=")) ?? false, false);
  });

  test("a viewer sees only their apps, config names without values, and no buttons; the server refuses the restart anyway", async () => {
    const page = await signedIn("vera");
    const apps = await page.getByRole("table").getByRole("rowheader").allInnerTexts();
    assert.deepEqual(apps, ["shop"], "the app vera has no role on is absent");
    await assertAccessible(page, "the dashboard");
    assert.doesNotMatch(await page.content(), /vault/);
    await page.getByRole("link", { name: "shop" }).click();
    await page.waitForURL(`${base()}/ui/apps/shop`);
    const html = await page.content();
    assert.match(html, /API_KEY/);
    assert.doesNotMatch(html, /s3cr3t-value-42/, "a viewer never gets config values");
    assert.equal(await page.getByRole("button", { name: /Restart|Roll back|Redeploy|Stop|Start|Scale|Set and restart|Unset/ }).count(), 0);
    assert.equal(await page.locator("main form").count(), 0, "no form at all on a viewer's app page");
    await assertAccessible(page, "a viewer's app page");
    const vera = await sessionOf(page);
    const refused = await send("/ui/apps/shop/restart", { method: "POST", headers: formHeaders(vera.cookie), body: form({ csrf: vera.csrf }) });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /viewer/);
    // Forms a viewer is never shown, forged with a valid CSRF token: refused by the same authorize().
    for (const [path, fields] of [["/ui/apps/shop/config", { key: "FORGED", value: "1" }], ["/ui/apps/shop/config/unset", { key: "API_KEY" }], ["/ui/apps/shop/scale", { "type.web": "3" }], ["/ui/apps/shop/stop", {}], ["/ui/apps/shop/redeploy", {}]] as const) {
      const forged = await send(path, { method: "POST", headers: formHeaders(vera.cookie), body: form({ ...fields, csrf: vera.csrf }) });
      assert.equal(forged.status, 403, `forged POST ${path}`);
    }
    const vars = JSON.parse((await hop3.api("/v1/apps/shop/config")).body) as { vars: Record<string, string> };
    assert.deepEqual(Object.keys(vars.vars), ["API_KEY"], "nothing was set or unset");
    assert.equal((JSON.parse((await hop3.api("/v1/apps/shop/releases")).body) as ReleaseList).releases.length, 1, "nothing was redeployed");
    const other = await send("/ui/apps/vault", { headers: { cookie: vera.cookie } });
    assert.equal(other.status, 404, "an app without a role answers as a missing one");
    await page.context().close();
  });

  test("the live log page shows, as text, a line the app prints after the page opened, and keeps a bounded window", async () => {
    const page = await signedIn("vera");
    await page.goto(`${base()}/ui/apps/shop/logs`);
    await page.getByText("Following new lines.").waitFor();
    // The app prints the path it was asked for: this one carries markup.
    const marker = `/ui-probe-<script>window.hop3Pwned=1</script>-${Date.now()}`;
    assert.equal((await hop3.viaProxy("shop", marker)).status, 200);
    const line = page.locator("#log-lines li", { hasText: "ui-probe-<script>" });
    await line.first().waitFor({ timeout: 30_000 });
    assert.match(await line.first().innerText(), /ui-probe-<script>window\.hop3Pwned=1<\/script>/);
    assert.equal(await page.locator("#log-lines script").count(), 0, "the line stays text");
    await assertAccessible(page, "the live logs page");
    await page.reload();
    assert.match(await page.locator("#log-lines").innerHTML(), /&lt;script&gt;window\.hop3Pwned/, "rendered by the server, escaped");
    await page.getByText("Following new lines.").waitFor();
    // More lines than the page keeps: the oldest go, the newest stay.
    const window = Number(await page.locator("#log-lines").getAttribute("data-max"));
    assert.ok(window >= 100, `window of ${window} lines`);
    assert.equal((await hop3.viaProxy("shop", `/burst/${window + 200}`)).status, 200);
    await page.locator("#log-lines li", { hasText: `burst line ${window + 200}` }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator("#log-lines li").count(), window, "the page keeps a bounded window");
    assert.equal(await page.locator("#log-lines li", { hasText: /^web\.1 burst line 1$/ }).count(), 0, "the oldest lines are dropped");
    assert.equal(await page.evaluate(() => (globalThis as { hop3Pwned?: number }).hop3Pwned), undefined);
    await page.context().close();
  });

  test("a developer restarts from the app page; a restart without the session's CSRF token is refused", async () => {
    const page = await signedIn("dave");
    await page.goto(`${base()}/ui/apps/shop`);
    assert.match(await page.content(), /<details><summary>Reveal<\/summary><code>s3cr3t-value-42<\/code><\/details>/, "masked until revealed");
    await assertAccessible(page, "a developer's app page");
    const dave = await sessionOf(page);
    for (const csrf of [null, "", "A".repeat(43)]) {
      const body = csrf === null ? "" : form({ csrf });
      const attempt = await send("/ui/apps/shop/restart", { method: "POST", headers: formHeaders(dave.cookie), body });
      assert.equal(attempt.status, 403, `restart with csrf ${JSON.stringify(csrf)}`);
      assert.match(attempt.body, /CSRF/);
    }
    const restarts = async () => (await hop3.instancesAfterDrain("shop")).map((instance) => instance.pid);
    const before = await restarts();
    await page.getByRole("button", { name: "Restart processes" }).click();
    await page.getByRole("status").filter({ hasText: "Processes restarted." }).waitFor();
    assert.notDeepEqual(await restarts(), before, "new processes");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base()}/ui/sign-in`);
    const after = await send("/ui/", { headers: { cookie: dave.cookie } });
    assert.equal(after.status, 303, "the session ended");
    await page.context().close();
  });

  test("a deploy started from the CLI appears live on the app page, as the CLI prints it; its output is kept with the release", async () => {
    const page = await signedIn("dave");
    await page.goto(`${base()}/ui/apps/shop`);
    await page.locator("#deploy-live[data-state=following]").waitFor({ state: "attached" });
    // A build that lasts a few of the feed's polls (500 ms): on a quiet machine this app's whole
    // deploy fits in one, and the page then goes from nothing straight to "succeeded".
    const source = echoApp();
    appendFileSync(join(source, "build.sh"), "\nsleep 2\n");
    const deploy = hop3.cli(["deploy", "--app", "shop", source]);
    const live = page.getByRole("region", { name: "Deploy", exact: true });
    await live.waitFor();
    await page.getByRole("status").filter({ hasText: "Release v2 is being deployed." }).waitFor();
    await assertAccessible(page, "the app page during a deploy");
    await page.getByRole("status").filter({ hasText: "Release v2 succeeded" }).waitFor({ timeout: 120_000 });
    const cli = await deploy;
    ok(cli, "second deploy");
    await screenshot(page, "deploy");
    const shown = (await page.locator("#deploy-output").innerText()).split("\n");
    // One renderer: the stages the CLI printed are the page's lines, word for word.
    // (Waiting for the lock or a build slot comes before the release exists: not part of its record.)
    const stages = cli.stdout.split("\n").filter((line) => line.startsWith("-----> ") && !/^-----> (Waiting for a build slot|Another deploy)/.test(line));
    assert.ok(stages.length >= 3, cli.stdout);
    for (const stage of stages) assert.ok(shown.includes(stage), `${stage} on the page:\n${shown.join("\n")}`);
    await page.getByRole("link", { name: "Reload the page to see it" }).click();
    await page.getByRole("link", { name: "v2 output" }).click();
    await page.waitForURL(`${base()}/ui/apps/shop/releases/2`);
    const kept = await page.locator("pre").innerText();
    for (const stage of stages) assert.ok(kept.includes(stage.replace(/^-----> /, "")), `${stage} kept`);
    await assertAccessible(page, "a release's output page");
    assert.equal((await send("/ui/apps/shop/releases/99", { headers: { cookie: (await sessionOf(page)).cookie } })).status, 404);
    await page.context().close();
  });

  test("a developer rolls back from the releases table; the UI's actions and refusals are in the audit log", async () => {
    const page = await signedIn("dave");
    await page.goto(`${base()}/ui/apps/shop`);
    await page.getByRole("button", { name: "Roll back to v1" }).click();
    await page.getByRole("status").filter({ hasText: "Rolled back." }).waitFor();
    const releases = JSON.parse((await hop3.api("/v1/apps/shop/releases")).body) as ReleaseList;
    assert.equal(releases.releases.find((release) => release.current)?.rollbackOf, 1);
    const audit = JSON.parse((await hop3.cli(["audit", "--app", "shop", "--json"])).stdout) as AuditLog;
    const entries = audit.entries.map((entry) => `${entry.user} ${entry.action} ${entry.result}`);
    assert.ok(entries.includes("dave ps.restart ok"), entries.join("\n"));
    assert.ok(entries.includes("dave rollback ok"), entries.join("\n"));
    assert.ok(entries.includes("vera ps.restart PERMISSION_DENIED"), entries.join("\n"));
    assert.ok(entries.includes("dave ps.restart CSRF_INVALID"), entries.join("\n"));
    await page.context().close();
  });

  test("a developer redeploys from the releases section: the page follows the new release, built again from the serving one's source", async () => {
    const releases = async () => (JSON.parse((await hop3.api("/v1/apps/shop/releases")).body) as ReleaseList).releases;
    const serving = (await releases())[0];
    assert.ok(serving?.current);
    const page = await signedIn("dave");
    await page.goto(`${base()}/ui/apps/shop`);
    await page.getByRole("button", { name: "Redeploy" }).click();
    await page.getByRole("status").filter({ hasText: "Redeploy started" }).waitFor();
    // The live feed shows it if the page opened while it was building; either way it ends listed.
    const next = serving.number + 1;
    while ((await releases())[0]?.status === "building") await new Promise((resolve) => setTimeout(resolve, 250));
    await page.reload();
    await page.getByRole("rowheader", { name: `v${next} (serving)` }).waitFor();
    await assertAccessible(page, "the app page after a redeploy");
    await page.getByRole("link", { name: `v${next} output` }).click();
    assert.match(await page.locator("pre").innerText(), new RegExp(`Redeploying shop: release ${serving.number}'s source built again as release ${next}`));
    assert.equal((await hop3.viaProxy("shop", "/after-redeploy")).status, 200);
    const audit = JSON.parse((await hop3.cli(["audit", "--app", "shop", "--json"])).stdout) as AuditLog;
    assert.ok(audit.entries.some((entry) => `${entry.user} ${entry.action} ${entry.result}` === "dave redeploy ok"), JSON.stringify(audit.entries.slice(0, 5)));
    await page.context().close();
  });
  /** Presses Tab until the focused element is the control named `name`: reachable by keyboard alone. */
  async function tabTo(page: Page, name: string): Promise<void> {
    await page.locator("body").focus();
    for (let presses = 0; presses < 120; presses++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent?.trim())) === name) return;
    }
    assert.fail(`"${name}" is not reachable with the Tab key`);
  }

  test("an owner adds a domain, backs up and grants a role from the app page by keyboard; a viewer gets no such button and the server refuses them", async () => {
    const page = await signedIn("olga");
    await page.goto(`${base()}/ui/apps/shop`);
    for (const heading of ["Domains and certificates", "Addons", "Backups", "Access"]) await page.getByRole("heading", { name: heading }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Audit entries" }).count(), 0, "the audit log is for admins, as GET /v1/audit");
    await assertAccessible(page, "an owner's app page with its sections");
    for (const control of ["Add domain", "Add certificate", "Back up now", "Set backup schedule", "Set drill schedule", "Grant role", "Turn HSTS on"]) await tabTo(page, control);

    await page.getByLabel("Add a domain").fill("ui-shop.example.org");
    await page.getByLabel("Add a domain").press("Enter");
    await page.getByRole("status").filter({ hasText: "Domain added." }).waitFor();
    assert.equal(await page.getByRole("rowheader", { name: "ui-shop.example.org" }).count(), 1);
    assert.deepEqual(JSON.parse((await hop3.api("/v1/apps/shop/domains")).body).domains, ["ui-shop.example.org"]);

    // A custom certificate for the app's own hostname, made with openssl: a wrong key is refused next to the field, the key never sent back.
    const host = (JSON.parse((await hop3.api("/v1/apps/shop/domains")).body) as { default: string }).default;
    const certs = new TestCertificates();
    try {
      const ca = certs.root("UI Test CA");
      const leaf = certs.issue(ca, { name: host, hosts: [host] });
      const other = certs.issue(ca, { name: host, hosts: [host] });
      await page.getByLabel(/^Certificate chain/).fill(leaf.cert + ca.cert);
      await page.getByLabel(/^Private key/).fill(other.key);
      await page.getByRole("button", { name: "Add certificate" }).click();
      await page.locator("#cert-error").waitFor();
      assert.match(await page.locator("#cert-error").innerText(), /key/i);
      assert.equal(await page.getByLabel(/^Private key/).inputValue(), "", "the key is never sent back");
      assert.equal(await page.getByLabel(/^Certificate chain/).inputValue(), (leaf.cert + ca.cert).replace(/\r\n/g, "\n"), "the chain stays in its field");
      assert.doesNotMatch(await page.content(), /PRIVATE KEY/);
      await assertAccessible(page, "the app page with a refused certificate");
      await page.getByLabel(/^Private key/).fill(leaf.key);
      await page.getByRole("button", { name: "Add certificate" }).click();
      await page.getByRole("status").filter({ hasText: "Certificate added" }).waitFor();
    } finally {
      certs.remove();
    }
    const custom = () => hop3.api("/v1/apps/shop/certificates").then((answer) => (JSON.parse(answer.body) as { custom?: { hosts: string[]; issuer: string }[] }).custom ?? []);
    assert.deepEqual((await custom()).map((cert) => cert.hosts), [[host]]);
    assert.match(await page.getByRole("row", { name: new RegExp(`Remove the certificate of ${host.replace(/\./g, "\\.")}`) }).innerText(), /UI Test CA/);
    await page.getByRole("button", { name: `Remove the certificate of ${host}` }).click();
    await page.getByRole("status").filter({ hasText: "Certificate removed" }).waitFor();
    assert.deepEqual(await custom(), []);

    // The backup and drill schedules: a bad cron is refused next to its field.
    await page.getByLabel(/^Back up at/).fill("every night");
    await page.getByRole("button", { name: "Set backup schedule" }).click();
    await page.locator("#backup-schedule-error").waitFor();
    assert.equal(await page.getByLabel(/^Back up at/).getAttribute("aria-invalid"), "true");
    await page.getByLabel(/^Back up at/).fill("15 2 * * *");
    await page.getByLabel("Daily backups kept").fill("3");
    await page.getByRole("button", { name: "Set backup schedule" }).click();
    await page.getByRole("status").filter({ hasText: "Backup schedule set." }).waitFor();
    assert.match(await page.getByText(/Scheduled:/).innerText(), /Scheduled: 15 2 \* \* \*, keeping 3 daily, 4 weekly and 6 monthly/);
    await page.getByLabel(/^Run the drill at/).fill("0 5 * * 0");
    await page.getByRole("button", { name: "Set drill schedule" }).click();
    await page.getByRole("status").filter({ hasText: "Restore drill schedule set." }).waitFor();
    const backups = JSON.parse((await hop3.api("/v1/apps/shop/backups")).body) as { schedule: { cron: string; keepDaily: number } | null; drill: { cron: string } | null };
    assert.deepEqual([backups.schedule?.cron, backups.schedule?.keepDaily, backups.drill?.cron], ["15 2 * * *", 3, "0 5 * * 0"]);
    await assertAccessible(page, "an owner's app page with schedules");
    await page.getByRole("button", { name: "Turn the drill schedule off" }).click();
    await page.getByRole("status").filter({ hasText: "Restore drill schedule turned off." }).waitFor();
    assert.equal(JSON.parse((await hop3.api("/v1/apps/shop/backups")).body).drill, null);

    await page.getByRole("button", { name: "Back up now" }).click();
    // The first backup makes the repository: its password is shown this once, as the API answers it.
    await page.getByRole("heading", { name: /Backup 1 of shop started/ }).waitFor();
    assert.match(await page.locator("#repository-password").innerText(), /\S{16,}/);
    await page.goto(`${base()}/ui/apps/shop`);
    assert.equal(await page.getByRole("rowheader", { name: "1", exact: true }).count(), 1, "the backup is listed");

    await page.getByLabel("User", { exact: true }).fill("nina");
    await page.getByLabel("Role").selectOption("developer");
    assert.equal(await page.getByLabel("Role").locator("option", { hasText: "owner" }).count(), 0, "owners cannot make owners (the API refuses it)");
    await page.getByRole("button", { name: "Grant role" }).click();
    await page.getByRole("status").filter({ hasText: "Role granted." }).waitFor();
    assert.deepEqual(JSON.parse((await hop3.api("/v1/apps/shop/access")).body).grants.find((grant: { user: string }) => grant.user === "nina"), { user: "nina", role: "developer" });
    await page.getByRole("button", { name: "Revoke nina" }).click();
    await page.getByRole("status").filter({ hasText: "Role revoked." }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Revoke olga" }).count(), 0, "an owner cannot take an owner's role away");
    const olga = await sessionOf(page);

    const viewer = await signedIn("vera");
    await viewer.goto(`${base()}/ui/apps/shop`);
    await viewer.getByRole("heading", { name: "Backups" }).waitFor();
    assert.equal(await viewer.getByRole("button", { name: /Add domain|Remove|HSTS|Back up|Restore|Grant|Revoke|Attach|Detach|certificate|schedule|Turn/ }).count(), 0);
    assert.equal(await viewer.locator("main textarea, main input:not([type=hidden])").count(), 0, "a viewer gets no form field");
    assert.match(await viewer.getByText(/Scheduled:/).innerText(), /15 2 \* \* \*/, "the schedule is shown to viewers");
    assert.equal(await viewer.getByRole("link", { name: /Restore|Server|Users|Audit log/ }).count(), 0);
    await assertAccessible(viewer, "a viewer's app page with its sections");
    const vera = await sessionOf(viewer);
    for (const [path, fields] of [["/ui/apps/shop/domains", { add: "vera.example.org" }], ["/ui/apps/shop/backups", {}], ["/ui/apps/shop/access", { user: "vera", role: "owner" }], ["/ui/apps/shop/access/revoke", { user: "olga" }], ["/ui/apps/shop/backups/1/restore", { confirm: "yes" }], ["/ui/apps/shop/backups/1/restore", { confirm: "yes", to: "vera-copy" }],
      ["/ui/apps/shop/certificates", { certificate: "x", key: "y" }], ["/ui/apps/shop/certificates/remove", { hosts: "ui-shop.example.org" }], ["/ui/apps/shop/backups/schedule", { cron: "* * * * *", "keep-daily": "0", "keep-weekly": "0", "keep-monthly": "0" }],
      ["/ui/apps/shop/backups/schedule/off", {}], ["/ui/apps/shop/backups/drill-schedule", { cron: "* * * * *" }], ["/ui/apps/shop/addons/attach", { addon: "any" }], ["/ui/apps/shop/addons/detach", { addon: "any" }]] as const) {
      const refused = await send(path, { method: "POST", headers: formHeaders(vera.cookie), body: form({ ...fields, csrf: vera.csrf }) });
      assert.equal(refused.status, 403, `a viewer's POST ${path}`);
      assert.match(refused.body, /vera is a viewer/);
      const forged = await send(path, { method: "POST", headers: formHeaders(olga.cookie), body: form(fields) });
      assert.equal(forged.status, 403, `an owner's POST ${path} without the CSRF token`);
      assert.match(forged.body, /CSRF/);
    }
    assert.deepEqual(JSON.parse((await hop3.api("/v1/apps/shop/domains")).body).domains, ["ui-shop.example.org"], "nothing changed");
    assert.equal(JSON.parse((await hop3.api("/v1/apps/shop/backups")).body).schedule?.cron, "15 2 * * *", "nothing changed");
    // A developer may attach, but only an addon they have a developer role on (as the API): one they have none on does not exist.
    const davePage = await signedIn("dave");
    const dave = await sessionOf(davePage);
    const unknown = await send("/ui/apps/shop/addons/attach", { method: "POST", headers: formHeaders(dave.cookie), body: form({ addon: "olgas-db", csrf: dave.csrf }) });
    assert.equal(unknown.status, 404, unknown.body.slice(0, 300));
    assert.match(unknown.body, /no addon named/);
    await davePage.context().close();
    await page.getByRole("button", { name: "Turn the backup schedule off" }).click();
    await page.getByRole("status").filter({ hasText: "Backup schedule turned off" }).waitFor();
    await viewer.context().close();
    await page.context().close();
  });

  test("an admin reads the server, users and audit pages, where a hostile value stays text; everyone revokes their own tokens", async () => {
    // An owner's invalid hostname is refused, and recorded in the audit log with what was sent.
    const olgaPage = await signedIn("olga");
    const olga = await sessionOf(olgaPage);
    const hostile = await send("/ui/apps/shop/domains", { method: "POST", headers: formHeaders(olga.cookie), body: form({ add: "<script>window.hop3Pwned=1</script>", csrf: olga.csrf }) });
    assert.equal(hostile.status, 400, hostile.body.slice(0, 600));
    assert.doesNotMatch(hostile.body, /<script>window/);
    await olgaPage.context().close();

    const page = await signedIn("admin");
    for (const link of ["Server", "Users", "Audit log", "Tokens"]) assert.equal(await page.getByRole("link", { name: link, exact: true }).count(), 1, `the header links to ${link}`);
    await page.getByRole("link", { name: "Server", exact: true }).click();
    await page.getByRole("heading", { name: "Server" }).waitFor();
    assert.match(await page.getByRole("row", { name: /Proxy/ }).innerText(), /caddy.*running/i);
    assert.match(await page.getByRole("row", { name: /Sandbox/ }).innerText(), /enabled|degraded/);
    await assertAccessible(page, "the server page");

    await page.goto(`${base()}/ui/users`);
    assert.match(await page.getByRole("row", { name: /olga/ }).innerText(), /shop: owner/);
    await assertAccessible(page, "the users page");

    await page.goto(`${base()}/ui/audit`);
    await page.getByLabel("App").fill("shop");
    await page.getByLabel("Action").fill("domains.change");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/\/ui\/audit\?app=shop&user=&action=domains.change/);
    const details = await page.getByRole("table").locator("tbody td:nth-child(5)").allInnerTexts();
    assert.ok(details.includes("add ui-shop.example.org"), details.join("\n"));
    assert.ok(details.includes("add <script>window.hop3Pwned=1</script>"), "the hostile detail is shown as text");
    assert.equal(await page.locator("main script").count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { hop3Pwned?: number }).hop3Pwned), undefined);
    await assertAccessible(page, "the audit page");
    await page.goto(`${base()}/ui/apps/shop`);
    await page.getByRole("heading", { name: "Audit entries" }).waitFor();

    // The backup the owner started: once it is done, its restore asks for a confirmation first.
    let status = "running";
    for (let tries = 0; tries < 120 && status === "running"; tries++) {
      status = (JSON.parse((await hop3.api("/v1/apps/shop/backups")).body) as { backups: { id: number; status: string }[] }).backups.find((backup) => backup.id === 1)?.status ?? "missing";
      if (status === "running") await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
    assert.equal(status, "succeeded");
    await page.goto(`${base()}/ui/apps/shop`);
    await page.getByRole("link", { name: "Restore backup 1…" }).click();
    await page.getByRole("button", { name: "Restore backup 1 now" }).waitFor();
    await assertAccessible(page, "the restore confirmation");
    await page.context().close();

    const vera = await signedIn("vera");
    for (const path of ["/ui/server", "/ui/users", "/ui/audit"]) assert.equal((await vera.goto(`${base()}${path}`))?.status(), 403, `${path} is for admins`);
    await vera.goto(`${base()}/ui/cli-token`);
    await vera.getByLabel("Name of the token").fill("vera-laptop");
    await vera.getByRole("button", { name: "Create the token" }).click();
    await vera.locator("#login-command").waitFor();
    await vera.getByRole("link", { name: "Tokens", exact: true }).click();
    assert.deepEqual(await vera.getByRole("table").getByRole("rowheader").allInnerTexts().then((names) => names.map((name) => name.replace(/ \(id \d+\)$/, ""))), ["vera-laptop"], "only her own tokens");
    await assertAccessible(vera, "the tokens page");
    await tabTo(vera, (await vera.getByRole("button", { name: /^Revoke vera-laptop/ }).innerText()).trim());
    await vera.keyboard.press("Enter");
    await vera.getByRole("status").filter({ hasText: "Token revoked." }).waitFor();
    assert.equal(await vera.getByRole("table").count(), 0);
    const session = await sessionOf(vera);
    const other = await send("/ui/tokens/revoke", { method: "POST", headers: formHeaders(session.cookie), body: form({ id: "1", csrf: session.csrf }) });
    assert.equal(other.status, 404, "another user's token is not hers to revoke");
    await vera.context().close();
  });

  /** The audit entries of a user, as "user action result" lines. */
  const auditOf = async (user: string) =>
    (JSON.parse((await hop3.api(`/v1/audit?user=${user}&limit=500`)).body) as AuditLog).entries.map((entry) => `${entry.user} ${entry.action} ${entry.result}`);

  test("an admin adds a user with a password, who signs in; removing them ends their session and tokens; the last admin cannot be removed; a non-admin's forged forms are refused", async () => {
    const page = await signedIn("admin");
    await page.goto(`${base()}/ui/users`);
    for (const control of ["Add user", "Set the password of vera", "Remove vera…"]) await tabTo(page, control);
    assert.ok((await tabStops(page, 80)).some((stop) => stop.startsWith("input#user-admin")), "Tab reaches the admin checkbox");
    assert.equal(await page.getByRole("link", { name: "Remove admin…" }).count(), 0, "the only admin is not offered for removal (LAST_ADMIN)");
    await page.getByLabel("Name of the new user").fill("newbie");
    await page.getByLabel("E-mail (optional)").fill("newbie@example.org");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.getByRole("status").filter({ hasText: "User added." }).waitFor();
    assert.match(await page.getByRole("row", { name: /newbie@example\.org/ }).innerText(), /newbie@example\.org\s+no\s+none/);
    await page.getByLabel("New password for newbie").fill(password);
    await page.getByRole("button", { name: "Set the password of newbie" }).click();
    await page.getByRole("status").filter({ hasText: "Password set" }).waitFor();
    await assertAccessible(page, "the users page with its forms");
    // A name taken: refused next to the field, with the API's message and hint, what was typed kept.
    await page.getByLabel("Name of the new user").fill("newbie");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.locator("#user-add-error").waitFor();
    assert.match(await page.locator("#user-add-error").innerText(), /"newbie" already exists.*hop3 users/);
    assert.equal(await page.getByLabel("Name of the new user").inputValue(), "newbie");
    await assertAccessible(page, "the users page with a refused form");

    const newbiePage = await signedIn("newbie");
    const newbie = await sessionOf(newbiePage);
    const created = await hop3.api("/v1/tokens", "POST", { name: "newbie-cli", user: "newbie" });
    const token = (JSON.parse(created.body) as { token: string }).token;
    const whoami = () => send("/v1/me", { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await whoami()).status, 200);
    assert.equal(await newbiePage.getByRole("link", { name: "Users", exact: true }).count(), 0);
    // Forms a non-admin is never shown, forged with their session and CSRF token: refused by authorize().
    for (const [path, fields] of [["/ui/users", { name: "forged" }], ["/ui/users/vera/password", { password: "forged password 1" }], ["/ui/users/vera/remove", { confirm: "vera" }], ["/ui/addons", { type: "redis", name: "forged" }]] as const) {
      const forged = await send(path, { method: "POST", headers: formHeaders(newbie.cookie), body: form({ ...fields, csrf: newbie.csrf }) });
      assert.equal(forged.status, 403, `a non-admin's POST ${path}: ${forged.body.slice(0, 300)}`);
    }
    assert.deepEqual((JSON.parse((await hop3.api("/v1/users")).body) as { users: { name: string }[] }).users.map((user) => user.name).filter((name) => ["forged", "vera"].includes(name)), ["vera"], "nothing changed");

    await page.goto(`${base()}/ui/users`);
    await page.getByRole("link", { name: "Remove newbie…" }).click();
    await page.getByLabel("Type newbie to confirm").fill("newbi");
    await page.getByRole("button", { name: "Remove newbie" }).click();
    await page.locator("#remove-error").waitFor();
    assert.match(await page.locator("#remove-error").innerText(), /does not match/);
    await assertAccessible(page, "the remove confirmation with its refusal");
    await tabTo(page, "Remove newbie");
    await page.getByLabel("Type newbie to confirm").fill("newbie");
    await page.getByLabel("Type newbie to confirm").press("Enter");
    await page.getByRole("status").filter({ hasText: "User removed" }).waitFor();
    assert.equal(await page.getByRole("rowheader", { name: "newbie", exact: true }).count(), 0);
    assert.equal((await send("/ui/", { headers: { cookie: newbie.cookie } })).status, 303, "their session ended");
    assert.equal((await whoami()).status, 401, "their token stopped working");
    await newbiePage.context().close();

    // The last admin: reached only by its address, refused as the API refuses it.
    await page.goto(`${base()}/ui/users/admin/remove`);
    await page.getByLabel("Type admin to confirm").fill("admin");
    await page.getByRole("button", { name: "Remove admin" }).click();
    await page.locator("#remove-error").waitFor();
    assert.match(await page.locator("#remove-error").innerText(), /"admin" is the only server admin\. Make another user an admin first/);
    assert.equal((await hop3.api("/v1/me")).status, 200, "the admin is still there");
    const entries = await auditOf("admin");
    for (const expected of ["admin user.add ok", "admin user.add USER_EXISTS", "admin user.password ok", "admin user.remove REQUEST_INVALID", "admin user.remove ok", "admin user.remove LAST_ADMIN"]) {
      assert.ok(entries.includes(expected), `${expected} in:\n${entries.join("\n")}`);
    }
    await page.context().close();
  });

  test("an admin creates a redis addon from the server page and destroys it; an attached one is refused unless forced; a non-admin's forged forms are refused", async () => {
    const page = await signedIn("admin");
    await page.goto(`${base()}/ui/server`);
    await tabTo(page, "Create addon");
    assert.ok((await tabStops(page, 80)).some((stop) => stop.startsWith("select#addon-type")), "Tab reaches the type");
    await page.getByLabel("Name of the addon").fill("Bad_Name");
    await page.getByRole("button", { name: "Create addon" }).click();
    await page.locator("#addon-create-error").waitFor();
    assert.match(await page.locator("#addon-create-error").innerText(), /"Bad_Name" is not valid/);
    await page.getByLabel("Type").selectOption("redis");
    await page.getByLabel("Name of the addon").fill("ui-cache");
    await page.getByRole("button", { name: "Create addon" }).click();
    await page.getByRole("status").filter({ hasText: "Addon created" }).waitFor({ timeout: 60_000 });
    assert.match(await page.getByRole("row", { name: /ui-cache/ }).innerText(), /redis .*running/);
    await assertAccessible(page, "the server page with its addon forms");

    // Attached to vault, of which nina is made a viewer: she is a viewer of the addon (ADR 68).
    assert.equal((await hop3.api("/v1/addons/ui-cache/attachments", "POST", { app: "vault" })).status, 200);
    ok(await hop3.cli(["access:grant", "vault", "nina", "viewer"]), "grant nina");
    const ninaPage = await signedIn("nina");
    const nina = await sessionOf(ninaPage);
    for (const [path, fields] of [["/ui/addons", { type: "redis", name: "nina-cache" }], ["/ui/addons/ui-cache/destroy", { confirm: "ui-cache", force: "yes" }]] as const) {
      const forged = await send(path, { method: "POST", headers: formHeaders(nina.cookie), body: form({ ...fields, csrf: nina.csrf }) });
      assert.equal(forged.status, 403, `a non-admin's POST ${path}: ${forged.body.slice(0, 300)}`);
      assert.match(forged.body, /nina is/);
    }
    await ninaPage.context().close();
    ok(await hop3.cli(["access:revoke", "vault", "nina"]), "revoke nina");

    await page.goto(`${base()}/ui/server`);
    await page.getByRole("link", { name: "Destroy ui-cache…" }).click();
    await page.getByLabel("Type ui-cache to confirm").fill("ui-cache");
    await page.getByRole("button", { name: "Destroy ui-cache" }).click();
    await page.locator("#destroy-error").waitFor();
    assert.match(await page.locator("#destroy-error").innerText(), /attached to "vault"; nothing was changed\. Detach it first/);
    await assertAccessible(page, "the destroy confirmation with its refusal");
    assert.ok((await tabStops(page, 40)).some((stop) => stop.startsWith("input#destroy-force")), "Tab reaches the force checkbox");
    await page.getByLabel("Type ui-cache to confirm").fill("ui-cache");
    await page.getByLabel(/Detach it from every app first/).check();
    await page.getByRole("button", { name: "Destroy ui-cache" }).click();
    await page.getByRole("status").filter({ hasText: "Addon destroyed" }).waitFor({ timeout: 60_000 });
    assert.deepEqual((JSON.parse((await hop3.api("/v1/addons")).body) as { addons: { name: string }[] }).addons.map((addon) => addon.name), []);
    const entries = await auditOf("admin");
    for (const expected of ["admin addon.create ADDON_NAME_INVALID", "admin addon.create ok", "admin addon.destroy ADDON_ATTACHED", "admin addon.destroy ok"]) {
      assert.ok(entries.includes(expected), `${expected} in:\n${entries.join("\n")}`);
    }
    // Each entry names the addon it was about.
    const details = (JSON.parse((await hop3.api("/v1/audit?user=admin&limit=500")).body) as AuditLog).entries.filter((entry) => entry.action.startsWith("addon.") && entry.result === "ok").map((entry) => `${entry.action} ${entry.detail}`);
    assert.ok(details.includes("addon.create redis addon ui-cache") && details.includes("addon.destroy addon ui-cache"), details.join("\n"));
    await page.context().close();
  });

  test("a developer sets and unsets a config var from the app page; a bad name is refused next to its field", async () => {
    const page = await signedIn("dave");
    await screenshot(page, "dashboard");
    await page.goto(`${base()}/ui/apps/shop`);
    const reach = await tabStops(page, 80);
    for (const control of ["Restart processes", "Stop processes", "Start processes", "Scale", "Set and restart", "Unset API_KEY", "Roll back to v2", "Redeploy"]) {
      assert.ok(reach.some((stop) => stop.endsWith(`:${control}`)), `Tab reaches "${control}":\n${reach.join("\n")}`);
    }
    assert.ok(reach.some((stop) => stop.startsWith("input#config-key")) && reach.some((stop) => stop.startsWith("input#scale-web")), "Tab reaches the fields");
    await page.getByLabel("Name").fill("1BAD<b>");
    await page.getByLabel("Value").fill("x");
    await page.getByRole("button", { name: "Set and restart" }).click();
    const refusal = page.locator("#config-error");
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /1BAD<b>/, "the error names the key, as text");
    assert.equal(await page.getByLabel("Name").getAttribute("aria-describedby"), "config-error", "tied to its field");
    assert.equal(await page.getByLabel("Name").inputValue(), "1BAD<b>", "the name is kept to correct it");
    await assertAccessible(page, "the app page with a refused config var");
    const releasesBefore = (JSON.parse((await hop3.api("/v1/apps/shop/releases")).body) as ReleaseList).releases.length;
    await page.getByLabel("Name").fill("GREETING");
    await page.getByLabel("Value").fill("hello <world>");
    await page.getByRole("button", { name: "Set and restart" }).click();
    await page.getByRole("status").filter({ hasText: "Config var set" }).waitFor({ timeout: 120_000 });
    assert.equal(JSON.parse((await hop3.api("/v1/apps/shop/config/GREETING")).body).value, "hello <world>");
    const releases = (JSON.parse((await hop3.api("/v1/apps/shop/releases")).body) as ReleaseList).releases;
    assert.equal(releases.length, releasesBefore + 1);
    assert.equal(releases[0]?.source, "config", "restarted through the health-checked switch, as config:set");
    assert.equal(releases[0]?.current, true);
    assert.match(await page.content(), /<summary>Reveal<\/summary><code>hello &lt;world&gt;<\/code>/);
    await screenshot(page, "app");
    await page.getByRole("button", { name: "Unset GREETING" }).click();
    await page.getByRole("status").filter({ hasText: "Config var removed" }).waitFor({ timeout: 120_000 });
    assert.equal((await hop3.api("/v1/apps/shop/config/GREETING")).status, 404);
    await page.context().close();
  });

  test("a developer scales, stops and starts from the app page; a scale out of range is refused next to the fields", async () => {
    const page = await signedIn("dave");
    await page.goto(`${base()}/ui/apps/shop`);
    const webs = async () => (await hop3.instancesAfterDrain("shop")).filter((instance) => instance.type === "web" && instance.state === "running").length;
    await page.getByLabel("web", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Scale" }).click();
    await page.getByRole("status").filter({ hasText: "Scaled." }).waitFor({ timeout: 60_000 });
    assert.equal(await webs(), 2);
    assert.equal(await page.getByLabel("web", { exact: true }).inputValue(), "2");
    await page.getByLabel("web", { exact: true }).fill("99");
    assert.equal(await page.locator("#scale-web").evaluate((field) => (field as unknown as { validity: { rangeOverflow: boolean } }).validity.rangeOverflow), true, "the browser stops it first");
    // Without the browser's check (max removed), the server refuses it as the API does.
    await page.locator("#scale-web").evaluate((field) => (field as unknown as { removeAttribute(name: string): void }).removeAttribute("max"));
    await page.getByRole("button", { name: "Scale" }).click();
    await page.locator("#scale-error").waitFor();
    assert.match(await page.locator("#scale-error").innerText(), /20/);
    await assertAccessible(page, "the app page with a refused scale");
    await page.getByRole("button", { name: "Stop processes", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Processes stopped." }).waitFor({ timeout: 60_000 });
    assert.equal(await webs(), 0);
    await page.getByRole("button", { name: "Start processes", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Processes started." }).waitFor({ timeout: 60_000 });
    assert.equal(await webs(), 2, "both instances again: the scale is kept");
    const audit = JSON.parse((await hop3.cli(["audit", "--app", "shop", "--json"])).stdout) as AuditLog;
    const entries = audit.entries.map((entry) => `${entry.user} ${entry.action} ${entry.result}`);
    for (const expected of ["dave config.change ok", "dave config.change CONFIG_KEY_INVALID", "dave scale ok", "dave scale SCALE_INVALID", "dave ps.stop ok", "dave ps.start ok", "vera config.change PERMISSION_DENIED"]) {
      assert.ok(entries.includes(expected), `${expected} in:\n${entries.join("\n")}`);
    }
    await page.context().close();
  });

  test("the logs page filters by process and searches on the server, live lines included", async () => {
    const tag = `needle${Date.now()}`;
    assert.equal((await hop3.viaProxy("shop", `/${tag}-old`)).status, 200);
    assert.equal((await hop3.viaProxy("shop", "/haystack")).status, 200);
    const page = await signedIn("vera");
    await page.goto(`${base()}/ui/apps/shop/logs`);
    await page.getByLabel("Process").selectOption("web");
    await page.getByRole("searchbox", { name: "Search" }).fill(tag.toUpperCase());
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/\/logs\?process=web&q=/);
    await page.getByText("Following new lines.").waitFor();
    const found = await page.locator("#log-lines li").allInnerTexts();
    assert.ok(found.some((line) => new RegExp(`^web\\.\\d+ visited /${tag}-old$`).test(line)), `the matching line, found case-insensitively:\n${found.join("\n")}`);
    assert.ok(found.every((line) => line.startsWith("web.") && line.includes(tag)), `only matching lines of web:\n${found.join("\n")}`);
    await assertAccessible(page, "the filtered logs page");
    await screenshot(page, "logs");
    assert.equal((await hop3.viaProxy("shop", "/haystack-live")).status, 200);
    assert.equal((await hop3.viaProxy("shop", `/${tag}-live`)).status, 200);
    await page.locator("#log-lines li", { hasText: `visited /${tag}-live` }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator("#log-lines li", { hasText: "haystack" }).count(), 0, "a live line that does not match stays out");
    assert.equal(await page.locator("#log-lines").getAttribute("data-max"), "1000", "the window is kept");
    await page.context().close();
  });
});
