import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProcessList, ServerStatus } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

interface Facts {
  readonly user: number;
  readonly openFiles: number;
  readonly visiblePids: number[];
  readonly dataDir: string;
}

describe("isolation: each app in its own sandbox, with resource limits", () => {
  let hop3: Hop3Fixture;
  const get = async (app: string, path: string) => {
    const response = await hop3.viaProxy(app, path);
    assert.equal(response.status, 200, `${app} ${path}: ${response.body}`);
    return JSON.parse(response.body) as Record<string, unknown>;
  };
  const probe = async (app: string, attempts: Record<"read" | "write" | "list", string[]>) => {
    const query = Object.entries(attempts).flatMap(([action, paths]) => paths.map((path) => `${action}=${encodeURIComponent(path)}`));
    return (await get(app, `/probe?${query.join("&")}`)) as Record<string, string>;
  };

  before(async () => {
    hop3 = await Hop3Fixture.start({ env: { HOP3_BUILD_MEMORY: "256M", HOP3_OPEN_FILES: "4096" } });
    for (const app of ["snoop", "neighbour"]) {
      const deployed = await hop3.cli(["deploy", "--app", app, copySample("sandbox-probe")]);
      assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    }
  });
  after(async () => {
    await hop3?.close();
  });

  test("hop3 status says the sandbox is on", async () => {
    const status = JSON.parse((await hop3.cli(["status", "--json"])).stdout) as ServerStatus;
    assert.deepEqual(status.sandbox, { enabled: true, reason: null });
  });

  test("an app cannot read another app's files, Hop3's database and secrets, or /root, nor write outside its directories", async () => {
    const neighbour = (await get("neighbour", "/facts")) as unknown as Facts;
    const secret = join(neighbour.dataDir, "secret.txt");
    await get("neighbour", `/write?path=${encodeURIComponent(secret)}&text=neighbour-secret`);
    const own = ((await get("snoop", "/facts")) as unknown as Facts).dataDir;
    const hostTmpFile = `/tmp/hop3-probe-${process.pid}`;
    const report = await probe("snoop", {
      read: [secret, join(hop3.home, "hop3.db"), join(hop3.home, "secrets", "config.key"), "/root/.bashrc", "/etc/shadow", join(own, "..", "releases", "1", "app.py")],
      write: ["/etc/hop3-probe", "/usr/local/hop3-probe", join(hop3.home, "hop3-probe"), join(neighbour.dataDir, "planted"), join(own, "mine.txt"), hostTmpFile],
      list: [join(hop3.home, "apps"), "/root"],
    });
    const denied = Object.entries(report).filter(([, outcome]) => outcome.startsWith("denied"));
    const allowed = Object.keys(report).filter((attempt) => report[attempt] === "allowed");
    assert.deepEqual(allowed.sort(), [`read ${join(own, "..", "releases", "1", "app.py")}`, `write ${hostTmpFile}`, `write ${join(own, "mine.txt")}`].sort(), JSON.stringify(report, null, 1));
    assert.equal(denied.length, 10, JSON.stringify(report, null, 1));
    assert.equal(report[`list ${join(hop3.home, "apps")}`], "entries: snoop", "of all the apps, an app sees only itself");
    assert.equal(existsSync(hostTmpFile), false, "the app's /tmp is its own, not the host's");
    assert.equal(existsSync(join(neighbour.dataDir, "planted")), false);
  });

  test("an app sees only its own processes, and runs with the open-files limit", async () => {
    const facts = (await get("snoop", "/facts")) as unknown as Facts;
    const neighbourPid = (JSON.parse((await hop3.cli(["ps", "neighbour", "--json"])).stdout) as ProcessList).instances[0]?.pid;
    assert.ok(facts.visiblePids.length < 10, `sees ${facts.visiblePids.length} processes`);
    assert.ok(typeof neighbourPid === "number" && neighbourPid > 10, `the neighbour runs, as a host pid: ${String(neighbourPid)}`);
    assert.ok(!facts.visiblePids.includes(neighbourPid), "the neighbour's process is not visible");
    assert.equal(facts.openFiles, 4096);
    assert.notEqual(facts.user, 0);
  });

  test("a process above its [limits] memory is killed and restarted, and the app keeps serving", { timeout: 60_000 }, async () => {
    const before = (JSON.parse((await hop3.cli(["ps", "snoop", "--json"])).stdout) as ProcessList).instances[0];
    assert.equal((await hop3.viaProxy("snoop", "/alloc?mb=16")).status, 200, "16 MiB fits under the 96M limit");
    const over = await hop3.viaProxy("snoop", "/alloc?mb=300").catch(() => ({ status: 0, body: "" }));
    assert.notEqual(over.status, 200, "300 MiB does not fit under the 96M limit");
    let after = before;
    for (let i = 0; i < 60 && after?.pid === before?.pid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = (JSON.parse((await hop3.cli(["ps", "snoop", "--json"])).stdout) as ProcessList).instances[0];
    }
    assert.notEqual(after?.pid, before?.pid, "the killed process was replaced");
    for (let i = 0; i < 40 && (await hop3.viaProxy("snoop", "/facts")).status !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal((await hop3.viaProxy("snoop", "/facts")).status, 200);
  });

  test("a build that runs out of its memory limit fails naming the limit, and the previous release keeps serving", { timeout: 120_000 }, async () => {
    const dir = copySample("sandbox-probe");
    writeFileSync(join(dir, "hop3.toml"), `[metadata]\nid = "sandbox-probe"\n\n[build]\nbuild = "python3 -c 'held = b\\"x\\" * (600 * 1024 * 1024)'"\n`);
    const deployed = await hop3.cli(["deploy", "--app", "snoop", dir]);
    assert.equal(deployed.code, 1, deployed.stdout);
    assert.match(deployed.stderr + deployed.stdout, /ran out of memory \(limit 256 MiB, server setting build-memory\)/);
    assert.equal((await hop3.viaProxy("snoop", "/facts")).status, 200, "the previous release keeps serving");
  });
});
