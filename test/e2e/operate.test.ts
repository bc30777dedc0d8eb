import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogLine, ProcessList, ReleaseList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { steadyLoad } from "./support/steady-load.ts";
import { copySample } from "./support/sample-apps.ts";

const app = "operate-app";
const mib = 1024 * 1024;
/** The time every stored and printed log line starts with (ADR 18). */
const time = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;
const timeOf = (line: string) => line.slice(0, 24);

describe("operating apps: logs, crash loops and process control", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    // Three quick crashes make a crash loop here, so the test waits seconds, not minutes.
    hop3 = await Hop3Fixture.start({ env: { HOP3_CRASH_LIMIT: "3" } });
    const deployed = await hop3.cli(["deploy", "--app", app, copySample(app)]);
    assert.equal(deployed.code, 0, `deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
  });
  after(async () => {
    await hop3?.close();
  });

  const logDir = () => join(hop3.home, "logs", app);
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");

  test("rotation keeps an app's log directory bounded while it writes 200 MB of logs", { timeout: 150_000 }, async () => {
    const sizeOfDir = () => readdirSync(logDir()).reduce((sum, name) => sum + statSync(join(logDir(), name)).size, 0);
    // The last line may sit in the current file or, when a rotation came after it, in `.1`.
    const lastWritten = () => ["flood.1.log", "flood.1.log.1"].map((name) => (existsSync(join(logDir(), name)) ? readFileSync(join(logDir(), name), "latin1").slice(-4096) : "")).join("");
    let largest = 0;
    // Up to 100 s for the flood to end (25 s was too short on a loaded machine); the bound only stops a hung test.
    for (let i = 0; i < 400; i++) {
      largest = Math.max(largest, sizeOfDir());
      if (lastWritten().includes("flood done")) break;
      await sleep(250);
    }
    assert.match(lastWritten(), /flood done/);
    assert.ok(readdirSync(logDir()).includes("flood.1.log.2"), "rotated files are kept");
    assert.ok(!readdirSync(logDir()).includes("flood.1.log.3"), "only two of them");
    // Cap: 3 files of 10 MiB; slack: what 20 MB/s adds to each file within a 1 s check.
    assert.ok(largest < 96 * mib, `the log directory reached ${(largest / mib).toFixed(0)} MiB`);
    const tail = await hop3.cli(["logs", app, "-p", "flood", "-n", "1"]);
    assert.equal(lines(tail.stdout).length, 1, tail.stdout);
    assert.match(tail.stdout, new RegExp(`^${time} flood\\.1 v1 \\| flood done\n$`));
  });

  test("logs -n 5 -p worker shows the worker's last 5 lines, prefixed by their time and instance", async () => {
    for (let i = 0; i < 50 && !/tick 6\n/.test(readFileSync(join(logDir(), "worker.1.log"), "utf8")); i++) await sleep(200);
    const result = await hop3.cli(["logs", app, "-n", "5", "-p", "worker"]);
    assert.equal(result.code, 0, result.stderr);
    const shown = lines(result.stdout);
    assert.equal(shown.length, 5, result.stdout);
    for (const line of shown) assert.match(line, new RegExp(`^${time} worker\\.1 v1 \\| tick \\d+$`));
    const ticks = shown.map((line) => Number(/tick (\d+)/.exec(line)?.[1]));
    assert.deepEqual(ticks, ticks.map((_, i) => (ticks[0] ?? 0) + i), "consecutive lines, oldest first");
    const times = shown.map(timeOf);
    for (let i = 1; i < times.length; i++) assert.ok((times[i] ?? "") > (times[i - 1] ?? ""), `times increase: ${times.join(", ")}`);
    const all = await hop3.cli(["logs", app, "-n", "1"]);
    assert.deepEqual(lines(all.stdout).map((line) => line.slice(25).split(" ")[0]).sort(), ["flood.1", "web.1", "worker.1"], "without -p, every instance");
    const allTimes = lines(all.stdout).map(timeOf);
    assert.deepEqual(allTimes, [...allTimes].sort(), `instances merged by time:\n${all.stdout}`);
  });

  test("logs --no-timestamps leaves the time out; the API gives it apart from the line", async () => {
    const bare = await hop3.cli(["logs", app, "-n", "2", "-p", "worker", "--no-timestamps"]);
    assert.equal(bare.code, 0, bare.stderr);
    for (const line of lines(bare.stdout)) assert.match(line, /^worker\.1 v1 \| tick \d+$/);
    const api = await hop3.api(`/v1/apps/${app}/logs?lines=2&type=worker`);
    assert.equal(api.status, 200);
    const entries = lines(api.body).map((line) => JSON.parse(line) as LogLine);
    assert.equal(entries.length, 2);
    for (const entry of entries) {
      assert.equal(entry.instance, "worker.1");
      assert.match(entry.time ?? "", new RegExp(`^${time}$`));
      assert.equal(entry.release, 1);
      assert.match(entry.line, /^tick \d+$/);
    }
    const openapi = JSON.parse((await hop3.api("/openapi.json")).body) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    assert.deepEqual(Object.keys(openapi.components.schemas.LogLine?.properties ?? {}), ["instance", "time", "release", "line"], "the OpenAPI document describes the lines");
    const stored = lines(readFileSync(join(logDir(), "worker.1.log"), "utf8"));
    for (const line of stored) assert.match(line, new RegExp(`^${time} v1 (tick \\d+|\\[hop3\\] .*)$`), "every stored line starts with its time, then the release that wrote it");
    assert.deepEqual(stored.map(timeOf), stored.map(timeOf).sort(), "stored in time order");
  });

  test("logs -f prints a new line as the app prints it, until stopped", async () => {
    const cli = hop3.spawnCli(["logs", app, "-p", "worker", "-n", "0", "-f"]);
    try {
      let output = "";
      cli.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const tick = new RegExp(`^${time} worker\\.1 v1 \\| tick \\d+$`, "m");
      for (let i = 0; i < 50 && !tick.test(output); i++) await sleep(100);
      assert.match(output, tick);
      assert.equal(cli.exitCode, null, "still following");
    } finally {
      cli.kill("SIGINT");
    }
  });

  test("an instance that keeps crashing is marked failed, not restarted forever", { timeout: 40_000 }, async () => {
    const source = copySample(app);
    writeFileSync(join(source, "Procfile"), "web: python3 web.py\ncrasher: sleep 1.5; echo crashing; exit 3\n");
    const deployed = await hop3.cli(["deploy", "--app", "crash-app", source]);
    assert.equal(deployed.code, 0, deployed.stderr);
    const crasher = async () => (JSON.parse((await hop3.cli(["ps", "crash-app", "--json"])).stdout) as ProcessList).instances.find((i) => i.type === "crasher");
    let state = await crasher();
    for (let i = 0; i < 60 && state?.state !== "failed"; i++) {
      await sleep(250);
      state = await crasher();
    }
    assert.equal(state?.state, "failed");
    assert.equal(state.pid, null);
    const ps = await hop3.cli(["ps", "crash-app"]);
    assert.match(ps.stdout, /crasher\.1\s+failed/);
    const log = readFileSync(join(hop3.home, "logs", "crash-app", "crasher.1.log"), "utf8");
    assert.match(log, /crashed 3 times in a row.*marked failed, not restarting/);
    assert.match(log, new RegExp(`^${time} v1 crashing$`, "m"), "the app's last words are kept, stamped");
    assert.match(log, new RegExp(`^${time} v1 \\[hop3\\] crasher\\.1 exited with code 3; it crashed 3 times in a row`, "m"), "the supervisor's notes are stamped alike");
    const restarts = state.restarts;
    await sleep(2500);
    assert.equal((await crasher())?.restarts, restarts, "no restart once failed");
    assert.equal((await hop3.viaProxy("crash-app")).status, 200, "the other processes keep serving");
  });

  const instancesOf = async (name: string) => (JSON.parse((await hop3.cli(["ps", name, "--json"])).stdout) as ProcessList).instances;

  test("ps:restart starts a failed instance again", async () => {
    const restarted = await hop3.cli(["ps:restart", "crash-app", "crasher"]);
    assert.equal(restarted.code, 0, restarted.stderr);
    const crasher = (await instancesOf("crash-app")).find((i) => i.type === "crasher");
    assert.notEqual(crasher?.state, "failed");
    assert.equal(crasher?.restarts, 0);
  });

  test("ps:stop answers 503 naming the app, and the app stays stopped across a server SIGKILL and restart", { timeout: 60_000 }, async () => {
    const source = copySample(app);
    writeFileSync(join(source, "Procfile"), "web: python3 web.py\nworker: python3 worker.py\n");
    const deployed = await hop3.cli(["deploy", "--app", "ps-app", source]);
    assert.equal(deployed.code, 0, deployed.stderr);
    const unknown = await hop3.cli(["ps:stop", "ps-app", "nope"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /PROCESS_TYPE_UNKNOWN|no process type "nope"/);
    const pids = (await instancesOf("ps-app")).map((i) => i.pid);
    const stopped = await hop3.cli(["ps:stop", "ps-app"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    const page = await hop3.viaProxy("ps-app");
    assert.equal(page.status, 503);
    assert.match(page.body, /<h1>ps-app is stopped<\/h1>/);
    assert.match((await hop3.cli(["ps", "ps-app"])).stdout, /web\.1\s+stopped[\s\S]*worker\.1\s+stopped/);
    for (const pid of pids) assert.throws(() => process.kill(pid ?? 0, 0), "the old processes are gone");

    await hop3.stopServer("SIGKILL");
    await hop3.startServer();
    const after = await instancesOf("ps-app");
    assert.deepEqual(after.map((i) => [i.type, i.state, i.pid]), [["web", "stopped", null], ["worker", "stopped", null]]);
    assert.equal((await hop3.viaProxy("ps-app")).status, 503);
  });

  test("ps:start serves again, and ps:restart replaces the web instance without a failed request", { timeout: 60_000 }, async () => {
    const started = await hop3.cli(["ps:start", "ps-app"]);
    assert.equal(started.code, 0, started.stderr);
    let page = await hop3.viaProxy("ps-app");
    for (let i = 0; i < 50 && page.status !== 200; i++) {
      await sleep(100);
      page = await hop3.viaProxy("ps-app");
    }
    assert.equal(page.status, 200);
    assert.equal(page.body, "hello from operate-app");
    const before = await instancesOf("ps-app");
    assert.deepEqual(before.map((i) => i.state), ["running", "running"]);

    const load = steadyLoad({ port: hop3.httpPort, host: "ps-app.localhost", workers: 2 });
    await sleep(300);
    const restarted = await hop3.cli(["ps:restart", "ps-app"]);
    await sleep(300);
    const report = await load.stop();
    assert.equal(restarted.code, 0, restarted.stderr);
    assert.ok(report.requests > 20, `enough requests were sent (${report.requests})`);
    assert.deepEqual({ failures: report.failures, samples: report.failureSamples }, { failures: 0, samples: [] });
    assert.deepEqual(report.bodies, ["hello from operate-app"]);
    const now = await instancesOf("ps-app");
    assert.deepEqual(now.map((i) => i.state), ["running", "running"]);
    for (const type of ["web", "worker"]) {
      assert.notEqual(now.find((i) => i.type === type)?.pid, before.find((i) => i.type === type)?.pid, `${type} has a new pid`);
    }
    assert.equal((JSON.parse((await hop3.cli(["releases", "ps-app", "--json"])).stdout) as { releases: unknown[] }).releases.length, 1, "no new release");
  });

  test("lines written while the server is down are stamped all the same, and the restarted server adopts the instances", { timeout: 60_000 }, async () => {
    const before = await instancesOf("ps-app");
    const workerLog = join(hop3.home, "logs", "ps-app", "worker.1.log");
    await hop3.stopServer("SIGKILL");
    const down = new Date().toISOString();
    await sleep(1500);
    const up = new Date().toISOString();
    await hop3.startServer();
    const after = await instancesOf("ps-app");
    assert.deepEqual(after.map((i) => [i.type, i.state, i.pid]), before.map((i) => [i.type, "running", i.pid]), "same processes, adopted");
    const whileDown = lines(readFileSync(workerLog, "utf8")).filter((line) => timeOf(line) > down && timeOf(line) < up);
    assert.ok(whileDown.length >= 2, `the worker kept logging, stamped, while the server was down:\n${whileDown.join("\n")}`);
    for (const line of whileDown) assert.match(line, new RegExp(`^${time} v\\d+ tick \\d+$`));
    const shown = await hop3.cli(["logs", "ps-app", "-p", "worker", "-n", "2"]);
    for (const line of lines(shown.stdout)) assert.match(line, new RegExp(`^${time} worker\\.1 v\\d+ \\| tick \\d+$`));
  });

  test("a second hop3-server run on the same state root is refused at once, naming the running server; the first keeps its apps serving", { timeout: 60_000 }, async () => {
    const running = (JSON.parse(readFileSync(join(hop3.home, "run", "server.json"), "utf8")) as { pid: number }).pid;
    const second = await hop3.serverCommand(["run"]);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, new RegExp(`Another hop3-server \\(pid ${running}\\) serves the state root ${hop3.home}\\.`));
    assert.match(second.stderr, /hint: Stop the running hop3-server first/);
    assert.equal((await hop3.api("/healthz")).status, 200);
    assert.equal((await hop3.viaProxy("ps-app")).status, 200);
    assert.equal((JSON.parse(readFileSync(join(hop3.home, "run", "server.json"), "utf8")) as { pid: number }).pid, running, "the running server's record stays");
  });

  test("after a redeploy, logs tell the releases apart: each line names its release, --release N shows only N's", { timeout: 60_000 }, async () => {
    const source = copySample(app);
    writeFileSync(join(source, "Procfile"), "web: python3 web.py\nworker: python3 worker.py\n");
    const deployed = await hop3.cli(["deploy", "--app", "ps-app", source]);
    assert.equal(deployed.code, 0, deployed.stderr);
    const release = (JSON.parse((await hop3.cli(["releases", "ps-app", "--json"])).stdout) as ReleaseList).releases.find((r) => r.current)?.number ?? 0;
    assert.ok(release >= 2, "a second release serves");
    const workerLog = join(hop3.home, "logs", "ps-app", "worker.1.log");
    const ticksOf = (n: number) => new RegExp(`^${time} v${n} tick \\d+$`, "m");
    for (let i = 0; i < 50 && !ticksOf(release).test(readFileSync(workerLog, "utf8")); i++) await sleep(200);

    const both = await hop3.cli(["logs", "ps-app", "-p", "worker", "-n", "1000"]);
    assert.match(both.stdout, new RegExp(`^${time} worker\\.1 v${release - 1} \\| tick \\d+$`, "m"), "the old release's lines say so");
    assert.match(both.stdout, new RegExp(`^${time} worker\\.1 v${release} \\| tick \\d+$`, "m"), "and the new one's theirs");

    const old = await hop3.cli(["logs", "ps-app", "-p", "worker", "-n", "1000", "--release", String(release - 1)]);
    assert.equal(old.code, 0, old.stderr);
    assert.ok(lines(old.stdout).length > 0, "the old release's lines are found behind the new ones");
    for (const line of lines(old.stdout)) assert.match(line, new RegExp(`^${time} worker\\.1 v${release - 1} \\| `));
    const json = await hop3.cli(["logs", "ps-app", "-n", "5", "-r", String(release), "--json"]);
    const entries = lines(json.stdout).map((line) => JSON.parse(line) as LogLine);
    assert.ok(entries.length > 0, json.stdout);
    for (const entry of entries) assert.equal(entry.release, release);

    const unknown = await hop3.cli(["logs", "ps-app", "--release", "99"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /RELEASE_NOT_FOUND|no release 99/);
    const bad = await hop3.cli(["logs", "ps-app", "--release", "latest"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /"latest" is not a release number/);
  });
});
