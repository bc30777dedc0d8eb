import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { ProcessList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { OutsideHost } from "./support/outside-host.ts";
import { copySample } from "./support/sample-apps.ts";
import { tableName } from "../../packages/server/src/host/nft-script.ts";

const systemEnv = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };

// Two apps from the sandbox probe, which listens on 0.0.0.0 on purpose: "intruder" tries to
// reach what it must not, "target" is its neighbour. An outside machine is a network namespace.
describe("network isolation: an app reaches neither its neighbours' ports, nor the API, nor the metadata address; instance ports are closed to the outside", () => {
  let hop3: Hop3Fixture;
  const outside = new OutsideHost("net");
  const outsidePort = 18_000 + (process.pid % 1000);
  const ports = { intruder: { instance: 0, front: 0 }, target: { instance: 0, front: 0 } };

  const connectFrom = async (app: string, ...targets: string[]): Promise<Record<string, string>> => {
    const response = await hop3.viaProxy(app, `/connect?${targets.map((target) => `to=${encodeURIComponent(target)}`).join("&")}`);
    assert.equal(response.status, 200, response.body);
    return JSON.parse(response.body) as Record<string, string>;
  };

  before(async () => {
    hop3 = await Hop3Fixture.start();
    for (const app of ["intruder", "target"] as const) {
      const deployed = await hop3.cli(["deploy", "--app", app, copySample("sandbox-probe")]);
      assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
      const list = JSON.parse((await hop3.cli(["ps", app, "--json"])).stdout) as ProcessList;
      ports[app].instance = list.instances[0]?.port ?? 0;
    }
    const db = new DatabaseSync(join(hop3.home, "hop3.db"), { readOnly: true });
    for (const row of db.prepare("SELECT app, port FROM front_ports").all()) ports[row.app as "intruder" | "target"].front = Number(row.port);
    db.close();
    outside.create();
    await outside.listen(outsidePort);
  });
  after(async () => {
    outside.close();
    await hop3?.close();
  });

  test("app A is refused at once on app B's instance port and front port, the API port and the metadata address", async () => {
    const { target } = ports;
    const report = await connectFrom("intruder", `127.0.0.1:${target.instance}`, `127.0.0.1:${target.front}`, `127.0.0.1:${hop3.apiPort}`, "169.254.169.254:80");
    assert.deepEqual(report, {
      [`127.0.0.1:${target.instance}`]: "refused",
      [`127.0.0.1:${target.front}`]: "refused",
      [`127.0.0.1:${hop3.apiPort}`]: "refused",
      "169.254.169.254:80": "refused",
    });
    // The neighbour is there and serving: the daemon and the proxy still reach it.
    assert.equal((await hop3.viaProxy("target", "/facts")).status, 200);
    assert.equal((await hop3.api("/healthz")).status, 200);
  });

  test("an app still reaches its own instance and front ports, the proxy, and other machines", async () => {
    const { intruder } = ports;
    const report = await connectFrom("intruder", `127.0.0.1:${intruder.instance}`, `127.0.0.1:${intruder.front}`, `127.0.0.1:${hop3.httpPort}`, `${outside.address}:${outsidePort}`);
    assert.deepEqual(Object.values(report), ["connected", "connected", "connected", "connected"], JSON.stringify(report));
  });

  test("from another machine, an instance port bound to 0.0.0.0 does not answer; the proxy does", () => {
    assert.notEqual(ports.target.instance, 0);
    assert.equal(outside.connectToHost(ports.target.instance), "timeout", "the packets to an instance port are dropped");
    assert.equal(outside.connectToHost(ports.target.front), "timeout");
    assert.match(outside.connectToHost(hop3.httpPort, "target.localhost"), /^connected HTTP\/1\.[01] 200/);
  });

  test("the guard is a table of its own per state root, and goes with the last app", async () => {
    const table = tableName("hop3g", hop3.home);
    const listed = () => execFileSync("nft", ["list", "tables"], { env: systemEnv, encoding: "utf8" });
    assert.match(listed(), new RegExp(`table inet ${table}\\b`));
    for (const app of ["intruder", "target"]) assert.equal((await hop3.cli(["apps:destroy", app, "--yes"])).code, 0);
    assert.doesNotMatch(listed(), new RegExp(`table inet ${table}\\b`));
  });
});
