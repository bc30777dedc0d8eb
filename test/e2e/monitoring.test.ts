import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppMetrics, ProcessList } from "@hop3/contract";
import { Hop3Fixture, httpGet } from "./support/hop3-fixture.ts";
import { makeApp } from "./support/sample-apps.ts";

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
    hop3 = await Hop3Fixture.start({ env: { HOP3_METRICS_INTERVAL: "1" } });
    const deployed = await hop3.cli(["deploy", "--app", "cachey", makeApp({ "app.py": cacheApp, Procfile: "web: python3 app.py\n", "hop3.toml": '[metadata]\nid = "cachey"\n[limits]\nmemory = "256M"\n' })]);
    assert.equal(deployed.code, 0, `deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
  });
  after(async () => {
    await hop3?.close();
  });

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
    assert.match(text.stdout, /^TYPE\.N +HOST PID +CPU +MEM +RESTARTS +UPTIME$/m);
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
});
