import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppInfo, AppList, ProcessList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { cycloneDxProblems } from "../support/cyclonedx-schema.ts";

const samples = [
  { app: "static-site", git: false },
  { app: "flask-app", git: true },
  { app: "express-app", git: false },
  { app: "go-app", git: true },
] as const;

describe("deploying the sample apps through the CLI", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    hop3 = await Hop3Fixture.start();
  });
  after(async () => {
    await hop3?.close();
  });

  for (const { app, git } of samples) {
    test(`deploys ${app} and serves its page through Caddy`, async () => {
      const result = await hop3.cli(["deploy", "--app", app, copySample(app, { git })]);
      assert.equal(result.code, 0, `deploy failed:\n${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout + result.stderr, new RegExp(`${app} is live at http://${app}\\.localhost:${hop3.httpPort}/`));
      const page = await hop3.viaProxy(app);
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`Hello from ${app}`));
    });
  }

  test("static-site's SBOM validates against CycloneDX 1.6 and names the app, its release and the static builder, and Caddy (its web server) with its Debian package", async () => {
    const result = await hop3.cli(["sbom", "static-site"]);
    assert.equal(result.code, 0, result.stderr);
    const bom = JSON.parse(result.stdout) as { metadata: { component: { name: string }; properties: { name: string; value: string }[] }; components: { type: string; name: string; version: string; properties?: { name: string; value: string }[] }[] };
    assert.deepEqual(cycloneDxProblems(bom), []);
    assert.equal(bom.metadata.component.name, "static-site");
    assert.deepEqual(bom.metadata.properties.filter((p) => ["hop3:builder", "hop3:release"].includes(p.name)).map((p) => p.value), ["1", "static"]);
    const platform = bom.components.filter((component) => component.type === "platform");
    assert.deepEqual(platform.map((component) => component.name), ["caddy"]);
    assert.match(platform[0]?.version ?? "", /^\d+\.\d+\.\d+$/);
    assert.equal(platform[0]?.properties?.find((p) => p.name === "hop3:debian-package")?.value, "caddy");
    assert.ok(bom.components.some((component) => component.type !== "platform"), "the Debian packages Caddy needs are listed");
  });

  test("streams the build output while deploying", async () => {
    const result = await hop3.cli(["deploy", "--app", "flask-app", copySample("flask-app")]);
    assert.equal(result.code, 0, result.stderr);
    const output = result.stdout + result.stderr;
    assert.match(output, /-----> Detected a python app/);
    assert.match(output, /reus/i, "a second deploy with the same requirements reuses the virtualenv");
    assert.match(output, /web\.1: .*Listening at/i, "start output of gunicorn is streamed");
  });

  test("lists the apps with their status, and their processes with pids and ports", async () => {
    const list = await hop3.cli(["apps", "--json"]);
    assert.equal(list.code, 0, list.stderr);
    const apps = (JSON.parse(list.stdout) as AppList).apps;
    assert.deepEqual(apps.map((a) => [a.name, a.status]).sort(), [
      ["express-app", "running"],
      ["flask-app", "running"],
      ["go-app", "running"],
      ["static-site", "static"],
    ]);
    const ps = await hop3.cli(["ps", "flask-app"]);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, /web\.1\s+running\s+\d+\s+\d+/);
  });

  test("restarts a web process that dies, with a new pid and growing backoff, and keeps serving", async () => {
    const webOf = async () => (JSON.parse((await hop3.cli(["ps", "express-app", "--json"])).stdout) as ProcessList).instances.find((i) => i.type === "web");
    const killAndAwaitRestart = async () => {
      const web = await webOf();
      assert.ok(web?.pid);
      process.kill(web.pid, "SIGKILL");
      let now = web;
      for (let i = 0; i < 50 && (now.pid === web.pid || now.state !== "running"); i++) {
        await sleep(200);
        now = (await webOf()) ?? now;
      }
      assert.equal(now.state, "running");
      assert.notEqual(now.pid, web.pid);
      assert.equal(now.restarts, web.restarts + 1);
    };
    await killAndAwaitRestart();
    await killAndAwaitRestart();
    const log = readFileSync(join(hop3.home, "logs", "express-app", "web.1.log"), "utf8");
    assert.match(log, /web\.1 was killed by SIGKILL; restarting in 1\.0s[\s\S]*web\.1 was killed by SIGKILL; restarting in 2\.0s/);
    for (let i = 0; i < 50; i++) {
      if ((await hop3.viaProxy("express-app")).status === 200) break;
      await sleep(200);
    }
    assert.match((await hop3.viaProxy("express-app")).body, /Hello from express-app/);
  });

  test("destroy removes the route, the processes and the files, and leaves other apps serving", async () => {
    const ps = JSON.parse((await hop3.cli(["ps", "go-app", "--json"])).stdout) as ProcessList;
    const pid = ps.instances[0]?.pid;
    assert.ok(pid);
    const account = (JSON.parse((await hop3.cli(["apps:info", "go-app", "--json"])).stdout) as AppInfo).unixUser;
    assert.match(readFileSync("/etc/passwd", "utf8"), new RegExp(`^${account}:`, "m"));
    const destroyed = await hop3.cli(["apps:destroy", "go-app", "--yes"]);
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.equal((await hop3.viaProxy("go-app")).status, 404);
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    assert.equal(existsSync(join(hop3.home, "apps", "go-app")), false);
    assert.equal(existsSync(join(hop3.home, "logs", "go-app")), false);
    assert.doesNotMatch(readFileSync("/etc/passwd", "utf8"), new RegExp(`^${account}:`, "m"), "the app's Unix account is removed");
    for (const other of ["static-site", "flask-app", "express-app"]) {
      const page = await hop3.viaProxy(other);
      assert.equal(page.status, 200, `${other} still serves`);
    }
  });

  test("an unknown host gets the 404 page", async () => {
    const page = await hop3.viaProxy("nothing-here");
    assert.equal(page.status, 404);
    assert.match(page.body, /nothing-here\.localhost/);
  });

  test("the proxy is started again with every route when Caddy dies", async () => {
    const first = hop3.proxyPid();
    process.kill(first, "SIGKILL");
    let page = { status: 0, body: "" };
    for (let i = 0; i < 50 && page.status !== 200; i++) {
      await sleep(200);
      page = await hop3.viaProxy("flask-app").catch(() => ({ status: 0, body: "" }));
    }
    assert.equal(page.status, 200);
    assert.notEqual(hop3.proxyPid(), first);
    assert.match((await hop3.viaProxy("static-site")).body, /Hello from static-site/);
  });

  test("a server killed with SIGKILL leaves its apps serving, and adopts the same pids when it starts again", async () => {
    const before = (JSON.parse((await hop3.cli(["ps", "flask-app", "--json"])).stdout) as ProcessList).instances;
    await hop3.stopServer("SIGKILL");
    for (const app of ["flask-app", "express-app", "static-site"]) {
      assert.equal((await hop3.viaProxy(app)).status, 200, `${app} keeps serving while the server is down`);
    }
    await hop3.startServer();
    const after = (JSON.parse((await hop3.cli(["ps", "flask-app", "--json"])).stdout) as ProcessList).instances;
    assert.deepEqual(after.map((i) => [i.type, i.pid, i.port]), before.map((i) => [i.type, i.pid, i.port]));
    assert.match((await hop3.viaProxy("flask-app")).body, /Hello from flask-app/);
  });

  test("a clean stop (SIGTERM) exits 0 and leaves the apps serving", async () => {
    assert.equal(await hop3.stopServer(), 0);
    assert.equal((await hop3.viaProxy("express-app")).status, 200);
    await hop3.startServer();
  });

  test("apps come back after all their processes are gone (as after a reboot)", async () => {
    const pids: number[] = [];
    for (const app of ["flask-app", "express-app"]) {
      pids.push(...(JSON.parse((await hop3.cli(["ps", app, "--json"])).stdout) as ProcessList).instances.map((i) => i.pid as number));
    }
    await hop3.stopServer("SIGKILL");
    for (const pid of pids) process.kill(-pid, "SIGKILL");
    await hop3.startServer();
    for (const app of ["flask-app", "express-app"]) {
      let page = { status: 0, body: "" };
      // Up to 60 s: the apps start again on their own; the bound only stops a hung test (10 s was too short on a loaded machine).
      for (let i = 0; i < 600 && page.status !== 200; i++) {
        await sleep(100);
        page = await hop3.viaProxy(app);
      }
      assert.match(page.body, new RegExp(`Hello from ${app}`));
      const now = (JSON.parse((await hop3.cli(["ps", app, "--json"])).stdout) as ProcessList).instances;
      assert.ok(now.every((i) => i.pid !== null && !pids.includes(i.pid)), "new processes were started");
    }
    assert.match((await hop3.viaProxy("static-site")).body, /Hello from static-site/);
  });
});
