/**
 * Web UI benchmark (docs/web-ui.md): prints
 *  - the dashboard with 50 apps: the server's render time (median and 95th percentile of
 *    sequential requests, measured by the client on loopback) and the page's weight
 *    (HTML + CSS + JS, uncompressed), and the app page's;
 *  - the live logs page's JavaScript heap in Chromium (CDP `Runtime.getHeapUsage` after a
 *    forced GC) before and after 100,000 log lines arrived, and the lines it keeps: the
 *    window must hold memory bounded.
 * Run as root: `node bench/ui.ts [apps] [lines]` (after scripts/bootstrap.sh).
 */
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";

const appCount = Number(process.argv[2] ?? 50);
const lineCount = Number(process.argv[3] ?? 100_000);
const password = "correct horse battery";

/** An app whose web process prints N lines when asked for /burst/N. */
function burstApp(): string {
  const dir = copySample("procfile-app");
  writeFileSync(join(dir, "Procfile"), "web: python3 burst.py\n");
  writeFileSync(
    join(dir, "burst.py"),
    [
      "import http.server, os, sys",
      "class Burst(http.server.BaseHTTPRequestHandler):",
      "    def log_message(self, *args): pass",
      "    def do_GET(self):",
      "        parts = self.path.split('/')",
      "        if len(parts) == 4 and parts[1] == 'burst':",
      "            sys.stdout.write(''.join('%s line %d of a chatty app\\n' % (parts[3], n) for n in range(1, int(parts[2]) + 1)))",
      "            sys.stdout.flush()",
      "        self.send_response(200)",
      "        self.end_headers()",
      "        self.wfile.write(b'ok')",
      "http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Burst).serve_forever()",
      "",
    ].join("\n"),
  );
  return dir;
}

function get(port: number, path: string, cookie: string): Promise<{ ms: number; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request({ host: "127.0.0.1", port, path, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`GET ${path}: ${res.statusCode}`));
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length, body: body.toString("utf8") });
      });
    });
    req.once("error", reject);
    req.end();
  });
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

const hop3 = await Hop3Fixture.start();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
try {
  const must = async (what: string, result: Promise<{ status: number; body: string }>, status = 200) => {
    const answer = await result;
    if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${answer.body}`);
  };
  if ((await hop3.cli(["users:add", "ada", "--email", "ada@example.org", "--admin"])).code !== 0) throw new Error("users:add");
  await must("password", hop3.api("/v1/users/ada/password", "PUT", { password }));
  for (let n = 1; n < appCount; n++) await must(`app ${n}`, hop3.api("/v1/apps", "POST", { name: `app-${String(n).padStart(2, "0")}` }), 201);
  const deploy = await hop3.cli(["deploy", "--app", "chatty", burstApp()]);
  if (deploy.code !== 0) throw new Error(deploy.stderr);

  const page = await (await browser.newContext()).newPage();
  const base = `http://127.0.0.1:${hop3.apiPort}`;
  await page.goto(`${base}/ui/sign-in`);
  await page.getByLabel("User name").fill("ada");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/ui/`);
  const cookies = await page.context().cookies(base);
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");

  // Server render time and weight: the dashboard and an app page, warmed up first.
  const css = await get(hop3.apiPort, "/ui/static/ui.css", cookie);
  const deployJs = await get(hop3.apiPort, "/ui/static/deploy.js", cookie);
  for (const [name, path, js] of [["dashboard", "/ui/", 0], ["app page", "/ui/apps/chatty", deployJs.bytes]] as const) {
    for (let n = 0; n < 20; n++) await get(hop3.apiPort, path, cookie);
    const times: number[] = [];
    let html = 0;
    let rows = 0;
    for (let n = 0; n < 200; n++) {
      const answer = await get(hop3.apiPort, path, cookie);
      times.push(answer.ms);
      html = answer.bytes;
      rows = (answer.body.match(/<tr>/g) ?? []).length;
    }
    console.log(`${name} (${path}, ${rows} table rows): render median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; weight ${kib(html + css.bytes + js)} (HTML ${kib(html)} + CSS ${kib(css.bytes)} + JS ${kib(js)})`);
  }

  // The live logs page in the browser: heap before and after `lineCount` lines.
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize;
  };
  await page.goto(`${base}/ui/apps/chatty/logs`);
  await page.getByText("Following new lines.").waitFor();
  const before = await heap();
  const perBurst = 10_000;
  const started = Date.now();
  for (let sent = 0; sent < lineCount; sent += perBurst) {
    const answer = await hop3.viaProxy("chatty", `/burst/${Math.min(perBurst, lineCount - sent)}/b${sent / perBurst}`);
    if (answer.status !== 200) throw new Error(`burst: ${answer.status}`);
  }
  await must("end marker", hop3.viaProxy("chatty", "/burst/1/end"));
  await page.locator("#log-lines li", { hasText: "end line 1 of a chatty app" }).waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;
  const after = await heap();
  const kept = await page.locator("#log-lines li").count();
  const nodes = (await cdp.send("Memory.getDOMCounters")).nodes;
  console.log(`live logs page: ${lineCount + 1} lines in ${seconds.toFixed(1)} s; keeps ${kept} lines (${nodes} DOM nodes); JS heap ${mib(before)} before, ${mib(after)} after`);
} finally {
  await browser.close();
  await hop3.close();
}
