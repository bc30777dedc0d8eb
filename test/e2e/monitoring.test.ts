import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AlertChannelAdded, AlertList, AlertTestResult, AppMetrics, ProcessList } from "@hop3/contract";
import { Hop3Fixture, httpGet } from "./support/hop3-fixture.ts";
import { makeApp } from "./support/sample-apps.ts";
import { freeTestPort } from "./support/test-ports.ts";

const mib = 1024 * 1024;

/**
 * A web app whose /fill writes a 200 MB file, drops it from the page cache, then reads it
 * once: the cache that read fills is charged to the instance's control group (inactive, the
 * kernel can drop it) and must not be shown as the app's memory.
 */
const cacheApp = String.raw`
import http.server, os
PATH = os.path.join(os.environ["HOME"], "big.bin")
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        broken = os.path.join(os.environ["HOME"], "broken")
        if self.path == "/break":
            open(broken, "w").close()
        if self.path == "/heal" and os.path.exists(broken):
            os.remove(broken)
        if self.path == "/health" and os.path.exists(broken):
            self.send_response(500)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        if self.path == "/fill":
            block = b"x" * (1024 * 1024)
            with open(PATH, "wb") as f:
                for _ in range(200):
                    f.write(block)
                f.flush()
                os.fsync(f.fileno())
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            with open(PATH, "rb") as f:
                while f.read(1024 * 1024):
                    pass
        body = b"ok"
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
`;

/**
 * Crash-loops once /crash was asked for: it exits at once at every start while the marker is in
 * its home. Release 2 (FIXED=1) removes the marker and serves.
 */
const crashApp = String.raw`
import http.server, os
MARK = os.path.join(os.environ["HOME"], "crash")
if os.environ.get("FIXED") == "1" and os.path.exists(MARK):
    os.remove(MARK)
if os.path.exists(MARK):
    raise SystemExit(1)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/say-boom":
            print("worker: BOOM, the database went away", flush=True)
        if self.path == "/crash":
            open(MARK, "w").close()
            os._exit(1)
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
`;

interface Received {
  readonly key: string;
  readonly state: string;
  readonly signed: boolean;
}

/** A webhook receiver on loopback: keeps each notice and whether its signature checks out. */
async function webhookReceiver(secret: () => string): Promise<{ server: Server; url: string; notices: Received[] }> {
  const notices: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const timestamp = String(request.headers["x-hop3-timestamp"]);
      const expected = `sha256=${createHmac("sha256", secret()).update(`${timestamp}.${body}`).digest("hex")}`;
      const notice = JSON.parse(body) as { key: string; state: string };
      notices.push({ key: notice.key, state: notice.state, signed: request.headers["x-hop3-signature"] === expected });
      response.end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hook`, notices };
}

/** An SMTP sink on loopback (no TLS: Hop3 sends plain only to loopback): keeps each mail's subject. */
async function smtpSink(): Promise<{ server: TcpServer; port: number; subjects: string[] }> {
  const subjects: string[] = [];
  const server = createTcpServer((socket) => {
    let buffer = "";
    let inData = false;
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          subjects.push(/^Subject: (.*)$/m.exec(buffer.slice(0, end))?.[1]?.trim() ?? "");
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.split(" ")[0]?.toUpperCase();
        if (verb === "EHLO") socket.write("250-sink\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0, subjects };
}

/** What the kernel charges the instance's memory group, page cache included (read as root by the test). */
function chargedBytes(pid: number): number | null {
  const table = readFileSync(`/proc/${pid}/cgroup`, "utf8");
  const v2 = /^0::(\/hop3\/.*)$/m.exec(table)?.[1];
  if (v2 !== undefined && existsSync("/sys/fs/cgroup/cgroup.controllers")) return Number(readFileSync(join("/sys/fs/cgroup", v2, "memory.current"), "utf8"));
  const v1 = /^\d+:[^:]*\bmemory\b[^:]*:(\/hop3\/.*)$/m.exec(table)?.[1];
  return v1 === undefined ? null : Number(readFileSync(join("/sys/fs/cgroup/memory", v1, "memory.usage_in_bytes"), "utf8"));
}

describe("monitoring: metrics sampled in the daemon, Prometheus exposition", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    // One sample a second, so figures appear in seconds.
    // One sample and one uptime check a second, down after 2 failed checks, a crash loop after 3 quick crashes.
    // A log-pattern alert resolves after 5 quiet seconds.
    hop3 = await Hop3Fixture.start({ env: { HOP3_METRICS_INTERVAL: "1", HOP3_UPTIME_INTERVAL: "1", HOP3_ALERT_DOWN_AFTER: "2", HOP3_CRASH_LIMIT: "3", HOP3_ALERT_LOG_QUIET: "5" } });
    hook = await webhookReceiver(() => secret);
    sink = await smtpSink();
    const deployed = await hop3.cli(["deploy", "--app", "cachey", makeApp({ "app.py": cacheApp, Procfile: "web: python3 app.py\n", "hop3.toml": '[metadata]\nid = "cachey"\n[limits]\nmemory = "256M"\n[healthcheck]\npath = "/health"\n' })]);
    assert.equal(deployed.code, 0, `deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
    const crashy = await hop3.cli(["deploy", "--app", "crashy", makeApp({ "app.py": crashApp, Procfile: "web: python3 app.py\n" })]);
    assert.equal(crashy.code, 0, `deploy failed:\n${crashy.stdout}\n${crashy.stderr}`);
  });
  after(async () => {
    await hop3?.close();
    hook?.server.close();
    sink?.server.close();
  });
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let secret = "";

  const metrics = async (app: string) => {
    const result = await hop3.cli(["metrics", app, "--json"]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as AppMetrics;
  };

  test("an app that fills the page cache by reading a large file does not show that cache as its memory", { timeout: 120_000 }, async () => {
    assert.equal((await hop3.viaProxy("cachey", "/fill")).status, 200);
    const pid = (JSON.parse((await hop3.cli(["ps", "cachey", "--json"])).stdout) as ProcessList).instances[0]?.pid;
    assert.ok(pid, "the web instance runs");
    const charged = chargedBytes(pid);
    assert.ok(charged !== null && charged > 150 * mib, `the kernel charges the read file's cache to the instance (${charged} bytes): the test measures what it means to`);
    const filledAt = Date.now();
    let shown: AppMetrics["instances"][number] | undefined;
    for (let i = 0; i < 60; i++) {
      const current = await metrics("cachey");
      shown = current.instances[0];
      if (current.sampledAt !== null && Date.parse(current.sampledAt) > filledAt + 1000 && shown?.cpuPercent !== null) break;
      await sleep(500);
    }
    assert.ok(shown?.memoryBytes !== null && shown?.memoryBytes !== undefined && shown.memoryBytes > 1 * mib, `a working set is shown: ${JSON.stringify(shown)}`);
    assert.ok(shown.memoryBytes < 64 * mib, `the working set (${shown.memoryBytes} bytes) leaves out the ${charged} bytes charged with the page cache`);
    assert.equal(shown.memoryLimitBytes, 256 * mib, "the [limits] memory");
    assert.equal(typeof shown.cpuPercent, "number");
  });

  test("hop3 ps and apps:info show CPU and memory after the columns they had", async () => {
    const ps = await hop3.cli(["ps", "cachey"]);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, /^TYPE\.N +STATE +HOST PID +PORT +UPTIME +RESTARTS +CPU +MEM$/m);
    assert.match(ps.stdout, /^web\.1 +running +\d+ +\d+ +\S+ +0 +\d+\.\d% +[\d.]+ (KiB|MiB)\/256 MiB$/m);
    const info = await hop3.cli(["apps:info", "cachey"]);
    assert.match(info.stdout, /\/256 MiB$/m);
    const json = JSON.parse((await hop3.cli(["ps", "cachey", "--json"])).stdout) as ProcessList;
    assert.equal(json.instances[0]?.memoryLimitBytes, 256 * mib);
  });

  test("hop3 metrics shows the instance and the app's disk use, the 200 MB file in its home included", { timeout: 90_000 }, async () => {
    const text = await hop3.cli(["metrics", "cachey"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^TYPE\.N +HOST PID +CPU +MEM +RESTARTS +UPTIME +FILES$/m);
    // Disk use is measured every 30 samples (30 s here).
    let disk: AppMetrics["disk"] = null;
    for (let i = 0; i < 80 && (disk?.home ?? 0) < 200 * mib; i++) {
      disk = (await metrics("cachey")).disk;
      if ((disk?.home ?? 0) < 200 * mib) await sleep(500);
    }
    assert.ok(disk !== null && disk.home >= 200 * mib && disk.releases > 0, `disk use: ${JSON.stringify(disk)}`);
    assert.match((await hop3.cli(["metrics", "cachey"])).stdout, /^Disk: data .*, home 2\d\d MiB, releases /m);
    assert.equal((await hop3.cli(["metrics", "cachey", "--since", "yesterday"])).code, 2, "a malformed age is a usage error");
    assert.equal((await hop3.cli(["metrics", "ghost"])).code, 1);
  });

  test("GET /metrics needs a token and passes promtool check metrics, with per-app labels", async () => {
    assert.equal((await httpGet({ port: hop3.apiPort, path: "/metrics" })).status, 401);
    const scraped = await hop3.api("/metrics");
    assert.equal(scraped.status, 200);
    assert.match(scraped.body, /^hop3_instance_memory_working_set_bytes\{app="cachey",process="web",instance="1"\} \d+$/m);
    assert.match(scraped.body, /^hop3_instance_memory_limit_bytes\{app="cachey",process="web",instance="1"\} 268435456$/m);
    assert.match(scraped.body, /^hop3_app_disk_bytes\{app="cachey",part="home"\} \d+$/m);
    assert.match(scraped.body, /^hop3_host_memory_used_bytes \d+$/m);
    const promtool = execFileSync("sh", ["-c", "command -v promtool || true"], { encoding: "utf8" }).trim();
    assert.ok(promtool !== "", "promtool is installed (Debian's prometheus package, scripts/bootstrap.sh)");
    const check = spawnSync(promtool, ["check", "metrics"], { input: scraped.body, encoding: "utf8" });
    assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
  });

  test("alert channels: a signed webhook and an e-mail address through SMTP; alerts:test reaches both", async () => {
    const added = await hop3.cli(["alerts:channels:add", "webhook", hook.url, "--json"]);
    assert.equal(added.code, 0, added.stderr);
    secret = (JSON.parse(added.stdout) as AlertChannelAdded).secret ?? "";
    assert.match(secret, /^[0-9a-f]{64}$/);
    const mail = await hop3.cli(["alerts:channels:add", "email", "ops@example.org", "--smtp", `smtp://127.0.0.1:${sink.port}?from=hop3@example.org`]);
    assert.equal(mail.code, 0, mail.stderr);
    for (const refused of ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "ftp://example.org/hook"]) {
      const metadata = await hop3.cli(["alerts:channels:add", "webhook", refused]);
      assert.equal(metadata.code, 1, `${refused} is refused`);
      assert.match(metadata.stderr, /ALERT_CHANNEL_INVALID|refused/);
    }
    const bad = await hop3.cli(["alerts:channels:add", "email", "ops@example.org"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ALERT_CHANNEL_INVALID|needs --smtp/);
    const listed = await hop3.cli(["alerts:channels"]);
    assert.doesNotMatch(listed.stdout, new RegExp(secret), "the secret is shown once, never listed");
    const tested = JSON.parse((await hop3.cli(["alerts:test", "--json"])).stdout) as AlertTestResult;
    assert.deepEqual(tested.results.map((r) => [r.kind, r.error]), [["webhook", null], ["email", null]]);
    assert.deepEqual(hook.notices, [{ key: "test", state: "firing", signed: true }]);
    assert.equal(sink.subjects.length, 1);
    hook.notices.length = 0;
    sink.subjects.length = 0;
  });

  /** Waits until the webhook got a notice of `key` in `state`. */
  const noticeOf = async (key: string, state: string) => {
    for (let i = 0; i < 120 && !hook.notices.some((n) => n.key === key && n.state === state); i++) await sleep(500);
    assert.ok(hook.notices.some((n) => n.key === key && n.state === state), `a ${state} notice for ${key}: got ${JSON.stringify(hook.notices)}`);
  };
  const count = (key: string, state: string) => hook.notices.filter((n) => n.key === key && n.state === state).length;
  const mails = (subject: RegExp) => sink.subjects.filter((s) => subject.test(s)).length;

  test("an app whose health path starts failing: one firing notice after 2 failed checks, one resolved when it answers again", { timeout: 120_000 }, async () => {
    assert.equal((await hop3.viaProxy("cachey", "/break")).status, 200);
    await noticeOf("app-down:cachey", "firing");
    const down = JSON.parse((await hop3.cli(["alerts", "--json"])).stdout) as AlertList;
    assert.equal(down.uptime.find((u) => u.app === "cachey")?.state, "down");
    assert.match(down.alerts.find((a) => a.key === "app-down:cachey")?.summary ?? "", /GET \/health: status 500/);
    await sleep(3000); // more failed checks: still one alert
    assert.equal((await hop3.viaProxy("cachey", "/heal")).status, 200);
    await noticeOf("app-down:cachey", "resolved");
    await sleep(2000);
    assert.equal(count("app-down:cachey", "firing"), 1);
    assert.equal(count("app-down:cachey", "resolved"), 1);
    assert.ok(hook.notices.every((n) => n.signed), "every notice is signed with the channel's secret");
    for (let i = 0; i < 20 && mails(/RESOLVED: app-down cachey$/) === 0; i++) await sleep(500);
    assert.equal(mails(/FIRING: app-down cachey$/), 1, sink.subjects.join("\n"));
    assert.equal(mails(/RESOLVED: app-down cachey$/), 1, sink.subjects.join("\n"));
  });

  test("requests through the proxy: counts by status class and latency per app in hop3 metrics and /metrics; open files per instance", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 3; i++) assert.equal((await hop3.viaProxy("cachey", "/")).status, 200);
    let shown: AppMetrics | undefined;
    for (let i = 0; i < 40; i++) {
      shown = await metrics("cachey");
      if ((shown.requests?.total["5xx"] ?? 0) >= 2 && (shown.requests?.total["2xx"] ?? 0) >= 3 && typeof shown.instances[0]?.openFiles === "number") break;
      await sleep(500);
    }
    const requests = shown?.requests;
    assert.ok(requests && requests.total["2xx"] >= 3, `the visits and the passing health checks are counted: ${JSON.stringify(requests)}`);
    assert.ok(requests.total["5xx"] >= 2, "the failing health checks (500) of the test before are counted as 5xx");
    assert.equal(typeof requests.latencyP95Ms, "number");
    const files = shown?.instances[0]?.openFiles;
    assert.ok(typeof files === "number" && files >= 3, `the instance's open files are counted (stdio, its socket): ${files}`);
    assert.match((await hop3.cli(["metrics", "cachey"])).stdout, /^Requests: 2xx \d+, 3xx \d+, 4xx \d+, 5xx \d+ since the server started/m);
    const scraped = (await hop3.api("/metrics")).body;
    assert.match(scraped, /^hop3_app_requests_total\{app="cachey",class="5xx"\} ([2-9]|\d\d+)$/m);
    assert.match(scraped, /^hop3_app_request_duration_seconds_bucket\{app="cachey",le="\+Inf"\} \d+$/m);
    assert.match(scraped, /^hop3_instance_open_files\{app="cachey",process="web",instance="1"\} \d+$/m);
    const check = spawnSync("promtool", ["check", "metrics"], { input: scraped, encoding: "utf8" });
    assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
    assert.ok(!existsSync(join(hop3.home, "proxy", "caddy", "access.log")) || !/"uri"|"remote_ip"|"headers"/.test(readFileSync(join(hop3.home, "proxy", "caddy", "access.log"), "utf8")), "the access log keeps no URL, client address or header");
  });

  test("a real Prometheus scrapes /metrics with the token and has each app's series", { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "hop3-prometheus-"));
    const port = await freeTestPort();
    writeFileSync(join(dir, "token"), hop3.token, { mode: 0o600 });
    writeFileSync(
      join(dir, "prometheus.yml"),
      `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: hop3\n    authorization: { credentials_file: ${join(dir, "token")} }\n    static_configs: [{ targets: ["127.0.0.1:${hop3.apiPort}"] }]\n`,
    );
    const prometheus = spawn("prometheus", [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    prometheus.stderr.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const query = async (expression: string) => {
      const answer = await httpGet({ port, path: `/api/v1/query?query=${encodeURIComponent(expression)}` }).catch(() => ({ status: 0, body: "" }));
      return answer.status === 200 ? (JSON.parse(answer.body) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result : [];
    };
    try {
      let found: Awaited<ReturnType<typeof query>> = [];
      for (let i = 0; i < 120 && found.length === 0; i++) {
        found = await query('hop3_instance_memory_working_set_bytes{app="cachey",process="web"}');
        if (found.length === 0) await sleep(500);
      }
      assert.equal(found.length, 1, `Prometheus has the app's series:\n${log}`);
      assert.ok(Number(found[0]?.value[1]) > 0);
      assert.deepEqual((await query('up{job="hop3"}')).map((r) => r.value[1]), ["1"], "the scrape with the token succeeds");
      const requests = await query('hop3_app_requests_total{app="cachey"}');
      assert.deepEqual(requests.map((r) => r.metric.class).sort(), ["2xx", "3xx", "4xx", "5xx"]);
      assert.ok((await query("hop3_app_requests_total")).some((r) => r.metric.app === "crashy"), "every app that had requests has its own series");
    } finally {
      prometheus.kill("SIGTERM");
      await once(prometheus, "exit");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a crash-looping app: one firing notice, one resolved after a fixed deploy", { timeout: 180_000 }, async () => {
    await hop3.viaProxy("crashy", "/crash").catch(() => null);
    await noticeOf("crash-loop:crashy", "firing");
    const shown = await hop3.cli(["alerts"]);
    assert.match(shown.stdout, /^firing +crash-loop +crashy +/m);
    const fixed = await hop3.cli(["deploy", "--app", "crashy", makeApp({ "app.py": crashApp, Procfile: "web: FIXED=1 python3 app.py\n" })]);
    assert.equal(fixed.code, 0, `deploy failed:\n${fixed.stdout}\n${fixed.stderr}`);
    await noticeOf("crash-loop:crashy", "resolved");
    await sleep(2000);
    assert.equal(count("crash-loop:crashy", "firing"), 1);
    assert.equal(count("crash-loop:crashy", "resolved"), 1);
    for (let i = 0; i < 20 && mails(/RESOLVED: crash-loop crashy$/) === 0; i++) await sleep(500);
    assert.equal(mails(/FIRING: crash-loop crashy$/), 1, sink.subjects.join("\n"));
    assert.equal(mails(/RESOLVED: crash-loop crashy$/), 1, sink.subjects.join("\n"));
  });

  test("a silenced app's new alert is recorded but sends no notice", { timeout: 60_000 }, async () => {
    assert.equal((await hop3.cli(["alerts:silence", "cachey", "--for", "1h"])).code, 0);
    const before = hook.notices.length;
    assert.equal((await hop3.viaProxy("cachey", "/break")).status, 200);
    let alert: AlertList["alerts"][number] | undefined;
    for (let i = 0; i < 60 && alert === undefined; i++) {
      alert = (JSON.parse((await hop3.cli(["alerts", "--json"])).stdout) as AlertList).alerts.find((a) => a.key === "app-down:cachey" && a.state === "firing");
      if (alert === undefined) await sleep(500);
    }
    assert.equal(alert?.notified, false, "held back");
    await hop3.viaProxy("cachey", "/heal");
    await sleep(3000);
    assert.equal(hook.notices.length, before, `no notice while silenced: ${JSON.stringify(hook.notices.slice(before))}`);
  });

  test("a failed deploy: one firing notice, however many deploys fail; one resolved by the next deploy that succeeds", { timeout: 180_000 }, async () => {
    const failed = await hop3.cli(["deploy", "--app", "crashy", makeApp({ "app.py": crashApp, Procfile: "web: FIXED=1 python3 app.py\nrelease: exit 3\n" })]);
    assert.notEqual(failed.code, 0, "the release command fails the deploy");
    await noticeOf("deploy-failed:crashy", "firing");
    const refused = await hop3.cli(["deploy", "--app", "crashy", makeApp({ "app.py": crashApp, Procfile: "web: FIXED=1 python3 app.py\n", "hop3.toml": '[alerts]\nlog-pattern = "(a)\\\\1"\n' })]);
    assert.notEqual(refused.code, 0, "a log-pattern needing back-references is refused at deploy");
    assert.match(refused.stderr + refused.stdout, /log-pattern .*back-references/);
    const fixed = await hop3.cli(["deploy", "--app", "crashy", makeApp({ "app.py": crashApp, Procfile: "web: FIXED=1 python3 app.py\n", "hop3.toml": '[alerts]\nlog-pattern = "BOOM|OutOfMemory"\n' })]);
    assert.equal(fixed.code, 0, `deploy failed:\n${fixed.stdout}\n${fixed.stderr}`);
    await noticeOf("deploy-failed:crashy", "resolved");
    await sleep(2000);
    assert.equal(count("deploy-failed:crashy", "firing"), 1);
    assert.equal(count("deploy-failed:crashy", "resolved"), 1);
    for (let i = 0; i < 20 && mails(/RESOLVED: deploy-failed crashy$/) === 0; i++) await sleep(500);
    assert.equal(mails(/FIRING: deploy-failed crashy$/), 1, sink.subjects.join("\n"));
    assert.equal(mails(/RESOLVED: deploy-failed crashy$/), 1, sink.subjects.join("\n"));
  });

  test("a log line matching the app's [alerts] log-pattern: one firing notice naming it; resolved after 5 quiet seconds", { timeout: 90_000 }, async () => {
    assert.equal((await hop3.viaProxy("crashy", "/say-boom")).status, 200);
    assert.equal((await hop3.viaProxy("crashy", "/say-boom")).status, 200);
    await noticeOf("log-pattern:crashy", "firing");
    const alert = (JSON.parse((await hop3.cli(["alerts", "--json"])).stdout) as AlertList).alerts.find((a) => a.key === "log-pattern:crashy");
    assert.match(alert?.summary ?? "", /matched \/BOOM\|OutOfMemory\/: .*BOOM, the database went away/);
    await noticeOf("log-pattern:crashy", "resolved");
    assert.equal(count("log-pattern:crashy", "firing"), 1, "two matching lines, one alert");
    assert.equal(count("log-pattern:crashy", "resolved"), 1);
    for (let i = 0; i < 20 && mails(/RESOLVED: log-pattern crashy$/) === 0; i++) await sleep(500);
    assert.equal(mails(/FIRING: log-pattern crashy$/), 1, sink.subjects.join("\n"));
  });

  test("a full disk (a 4 MiB filesystem mounted below the state root): one firing notice, one resolved once space is freed", { timeout: 90_000 }, async () => {
    const mountPoint = join(hop3.home, "e2e-small-disk");
    mkdirSync(mountPoint, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "hop3-e2e", mountPoint]);
    const key = `disk-full:${mountPoint}`;
    try {
      writeFileSync(join(mountPoint, "filler"), Buffer.alloc(3.8 * mib));
      await noticeOf(key, "firing");
      const alert = (JSON.parse((await hop3.cli(["alerts", "--json"])).stdout) as AlertList).alerts.find((a) => a.key === key);
      assert.match(alert?.summary ?? "", /mounted on .*e2e-small-disk is 9\d% full \(threshold 90%\)/);
      rmSync(join(mountPoint, "filler"));
      await noticeOf(key, "resolved");
      await sleep(2000);
      assert.equal(count(key, "firing"), 1);
      assert.equal(count(key, "resolved"), 1);
      for (let i = 0; i < 20 && mails(/RESOLVED: disk-full$/) === 0; i++) await sleep(500);
      assert.equal(mails(/FIRING: disk-full$/), 1, sink.subjects.join("\n"));
      assert.equal(mails(/RESOLVED: disk-full$/), 1, sink.subjects.join("\n"));
    } finally {
      spawnSync("umount", [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});
