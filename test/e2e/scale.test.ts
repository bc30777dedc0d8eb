import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Instance, ProcessList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { steadyLoad } from "./support/steady-load.ts";

const app = "scale-app";

describe("scaling processes: ps:scale TYPE=N", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    hop3 = await Hop3Fixture.start();
    const deployed = await hop3.cli(["deploy", "--app", app, copySample(app)]);
    assert.equal(deployed.code, 0, `deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
  });
  after(async () => {
    await hop3?.close();
  });

  const instancesOf = async (name = app): Promise<Instance[]> => (JSON.parse((await hop3.cli(["ps", name, "--json"])).stdout) as ProcessList).instances;
  const webPids = async () => (await instancesOf()).filter((i) => i.type === "web").map((i) => i.pid);
  const names = (instances: readonly Instance[]) => instances.map((i) => `${i.type}.${i.index}`);
  /** The bodies of `count` requests through the proxy, each from a new client connection. */
  const answers = async (count: number) => {
    const bodies = new Set<string>();
    for (let i = 0; i < count; i++) {
      const page = await hop3.viaProxy(app);
      assert.equal(page.status, 200, page.body);
      bodies.add(page.body);
    }
    return bodies;
  };

  test("ps:scale web=2 runs two web instances, and requests through the proxy reach both", { timeout: 60_000 }, async () => {
    const scaled = await hop3.cli(["ps:scale", app, "web=2"]);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.match(scaled.stdout, /^Scaled scale-app\./);
    assert.match(scaled.stdout, /web\.2\s+running/);
    const instances = await instancesOf();
    assert.deepEqual(names(instances), ["web.1", "web.2", "worker.1"]);
    const web = instances.filter((i) => i.type === "web");
    assert.ok(web.every((i) => i.state === "running" && i.pid !== null), JSON.stringify(web));
    assert.notEqual(web[0]?.pid, web[1]?.pid);
    assert.notEqual(web[0]?.port, web[1]?.port);
    assert.ok(existsSync(join(hop3.home, "logs", app, "web.2.log")), "each instance has its own log file");
    assert.deepEqual([...(await answers(12))].sort(), web.map((i) => `web on port ${i.port}`).sort(), "both instances answer");
  });

  test("while one web instance is down (crashed, restarting), requests go to the other one", { timeout: 30_000 }, async () => {
    const second = (await instancesOf()).find((i) => i.type === "web" && i.index === 2);
    assert.ok(second?.pid);
    process.kill(-second.pid, "SIGKILL");
    for (let i = 0; i < 10; i++) {
      const page = await hop3.viaProxy(app);
      assert.equal(page.status, 200, `request ${i + 1}: ${page.body}`);
    }
    let restarted = (await instancesOf()).find((i) => i.type === "web" && i.index === 2);
    for (let i = 0; i < 50 && restarted?.state !== "running"; i++) {
      await sleep(200);
      restarted = (await instancesOf()).find((i) => i.type === "web" && i.index === 2);
    }
    assert.equal(restarted?.state, "running");
    assert.equal(restarted.restarts, 1);
  });

  test("invalid arguments are refused, naming the argument, and nothing changes", async () => {
    const before = await webPids();
    for (const [args, code, message] of [
      [["web=21"], 1, /SCALE_INVALID|web=21: the number of instances must be a whole number from 0 to 20/],
      [["web=3", "nope=1"], 1, /no process type "nope"/],
      [["web=two"], 2, /"web=two" is not TYPE=N/],
      [[], 2, /missing argument TYPE=N/],
    ] as const) {
      const refused = await hop3.cli(["ps:scale", app, ...args]);
      assert.equal(refused.code, code, `${args.join(" ")}: ${refused.stdout}${refused.stderr}`);
      assert.match(refused.stderr, message);
    }
    const api = await hop3.api(`/v1/apps/${app}/processes/scale`, "POST", { scale: { worker: -1 } });
    assert.equal(api.status, 400);
    assert.equal((JSON.parse(api.body) as { error: { code: string } }).error.code, "SCALE_INVALID");
    assert.deepEqual(await webPids(), before);
  });

  test("scaling up and down under load fails no request; scaling down stops the highest indexes", { timeout: 60_000 }, async () => {
    const kept = await webPids();
    const load = steadyLoad({ port: hop3.httpPort, host: `${app}.localhost`, workers: 2 });
    try {
      await sleep(300);
      assert.equal((await hop3.cli(["ps:scale", app, "web=3", "worker=2"])).code, 0);
      assert.deepEqual(names(await instancesOf()), ["web.1", "web.2", "web.3", "worker.1", "worker.2"]);
      await sleep(500);
      assert.equal((await hop3.cli(["ps:scale", app, "web=2", "worker=1"])).code, 0);
    } finally {
      const report = await load.stop();
      assert.equal(report.failures, 0, `failed requests: ${report.failureSamples.join("; ")}`);
      assert.ok(report.bodies.length >= 3, `the third instance took requests too: ${report.bodies.join(", ")}`);
    }
    assert.deepEqual(names(await instancesOf()), ["web.1", "web.2", "worker.1"]);
    assert.deepEqual(await webPids(), kept, "the first two instances kept running");
  });

  test("the scale survives a redeploy, a server restart (every instance adopted) and ps:restart", { timeout: 90_000 }, async () => {
    const deployed = await hop3.cli(["deploy", "--app", app, copySample(app)]);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.deepEqual(names(await hop3.instancesAfterDrain(app)), ["web.1", "web.2", "worker.1"]);
    const pids = (await instancesOf()).map((i) => i.pid);
    await hop3.stopServer("SIGKILL");
    await hop3.startServer();
    assert.deepEqual((await instancesOf()).map((i) => i.pid), pids, "same processes, adopted");
    assert.equal((await answers(6)).size, 2, "both web instances still answer");
    const restarted = await hop3.cli(["ps:restart", app]);
    assert.equal(restarted.code, 0, restarted.stderr);
    const after = await instancesOf();
    assert.deepEqual(names(after), ["web.1", "web.2", "worker.1"], "ps:restart runs the same scale");
    assert.ok(after.every((i) => !pids.includes(i.pid)), "with new instances");
  });

  test("web=0 answers 503; scaling back up serves again", { timeout: 60_000 }, async () => {
    const scaled = await hop3.cli(["ps:scale", app, "web=0"]);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.deepEqual(names(await instancesOf()), ["worker.1"]);
    const page = await hop3.viaProxy(app);
    assert.equal(page.status, 503);
    assert.match(page.body, /<h1>scale-app is stopped<\/h1>/);
    const back = await hop3.cli(["ps:scale", app, "web=1"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((await answers(2)).size, 1);
    assert.deepEqual(names(await instancesOf()), ["web.1", "worker.1"]);
  });

  test("a redeploy whose Procfile dropped a type: that type disappears, and cannot be scaled", { timeout: 60_000 }, async () => {
    const source = copySample(app);
    writeFileSync(join(source, "Procfile"), "web: python3 web.py\n");
    const deployed = await hop3.cli(["deploy", "--app", app, source]);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.deepEqual(names(await hop3.instancesAfterDrain(app)), ["web.1"]);
    const refused = await hop3.cli(["ps:scale", app, "worker=1"]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /no process type "worker" in its current release/);
  });

  test("app.json formation gives the initial scale of a type never scaled by hand", { timeout: 60_000 }, async () => {
    const source = copySample(app);
    writeFileSync(join(source, "app.json"), JSON.stringify({ formation: { worker: { quantity: 2 } } }));
    const deployed = await hop3.cli(["deploy", "--app", "formation-app", source]);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.doesNotMatch(deployed.stdout + deployed.stderr, /not supported/);
    assert.deepEqual(names(await instancesOf("formation-app")), ["web.1", "worker.1", "worker.2"]);
    assert.equal((await hop3.cli(["ps:scale", "formation-app", "worker=1"])).code, 0);
    assert.equal((await hop3.cli(["deploy", "--app", "formation-app", source])).code, 0);
    assert.deepEqual(names(await hop3.instancesAfterDrain("formation-app")), ["web.1", "worker.1"], "the hand-set scale wins over formation");
  });
});
