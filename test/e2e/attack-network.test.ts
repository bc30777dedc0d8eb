import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { FirewallStatus, ProcessList, ServerStatus } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { OutsideHost } from "./support/outside-host.ts";
import { copySample } from "./support/sample-apps.ts";
import { tableName } from "../../packages/server/src/host/nft-script.ts";

const systemEnv = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };
const nftTables = () => execFileSync("nft", ["list", "tables"], { env: systemEnv, encoding: "utf8" });
const hasTable = (family: string, table: string) => new RegExp(`table ${family} ${table}\\b`).test(nftTables());
const deleteTable = (family: string, table: string) => {
  if (hasTable(family, table)) execFileSync("nft", ["delete", "table", family, table], { env: systemEnv });
};

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
    // A short confirmation window, for the test of a firewall change nobody confirms.
    hop3 = await Hop3Fixture.start({ env: { HOP3_FIREWALL_CONFIRM_TIMEOUT: "5" } });
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
    if (hop3) {
      // Whatever happened, no rule of this server stays behind on the machine.
      deleteTable("inet", tableName("hop3fw", hop3.home));
      await hop3.close();
      deleteTable("inet", tableName("hop3g", hop3.home));
      deleteTable("ip", tableName("hop3", hop3.home));
    }
  });

  test("hop3 status says apps' network is isolated", async () => {
    const status = JSON.parse((await hop3.cli(["status", "--json"])).stdout) as ServerStatus;
    assert.deepEqual(status.network, { isolated: true, reason: null });
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

  describe("hop3 firewall: the host firewall, seen from another machine", () => {
    let service: Server;
    let servicePort = 0;
    const firewallTable = () => tableName("hop3fw", hop3.home);
    const firewall = async (...args: string[]): Promise<FirewallStatus> => {
      const result = await hop3.cli([...args, "--json"]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      return JSON.parse(result.stdout) as FirewallStatus;
    };

    before(async () => {
      // A service of the host's own on some port, listening on every interface.
      service = createServer((socket) => socket.end());
      await new Promise<void>((resolve) => service.listen(0, "0.0.0.0", resolve));
      servicePort = (service.address() as AddressInfo).port;
    });
    after(() => service.close());

    test("off by default: nothing is filtered and Hop3 has no firewall table", async () => {
      const status = await firewall("firewall");
      assert.equal(status.enabled, false);
      assert.equal(hasTable("inet", firewallTable()), false);
      assert.equal(outside.connectToHost(servicePort), "connected");
    });

    test("enable lets in SSH, HTTP and HTTPS only; allow and deny open and close a port; disable removes the table", async () => {
      const enabled = await firewall("firewall:enable");
      assert.equal(enabled.enabled, true);
      assert.equal(enabled.pending, null, "the CLI confirmed the change");
      assert.deepEqual(
        enabled.open.filter((open) => open.reason !== "ssh").map((open) => `${open.port}/${open.protocol} ${open.reason}`),
        [`${hop3.httpPort}/tcp http`, "443/tcp https"],
      );
      assert.ok(enabled.open.some((open) => open.reason === "ssh"), "an SSH port is always open");
      assert.equal(hasTable("inet", firewallTable()), true);
      assert.equal(outside.connectToHost(servicePort), "timeout", "a port not let in is dropped");
      assert.match(outside.connectToHost(hop3.httpPort, "target.localhost"), /^connected HTTP\/1\.[01] 200/, "the apps are still served");

      const allowed = await firewall("firewall:allow", String(servicePort));
      assert.ok(allowed.open.some((open) => open.port === servicePort && open.reason === "allowed"));
      assert.equal(outside.connectToHost(servicePort), "connected");

      await firewall("firewall:deny", `${servicePort}/tcp`);
      assert.equal(outside.connectToHost(servicePort), "timeout");

      const refused = await hop3.cli(["firewall:deny", String(hop3.httpPort)]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /FIREWALL_PORT_PROTECTED|stays open/);

      const disabled = await firewall("firewall:disable");
      assert.equal(disabled.enabled, false);
      assert.equal(hasTable("inet", firewallTable()), false);
      assert.equal(outside.connectToHost(servicePort), "connected");
    });

    test("a change nobody confirms is undone by itself, even with the server stopped", async () => {
      const response = await hop3.api("/v1/firewall", "POST", { action: "enable" });
      assert.equal(response.status, 200, response.body);
      const pending = JSON.parse(response.body) as FirewallStatus;
      assert.ok(pending.pending, "an enable waits for confirmation");
      assert.equal(outside.connectToHost(servicePort), "timeout");
      // The rollback does not depend on the server: stop it while the change is pending.
      await hop3.stopServer();
      // Waits for the outcome (bounded so that a missing rollback fails instead of hanging).
      for (let tries = 0; tries < 240 && hasTable("inet", firewallTable()); tries++) await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal(hasTable("inet", firewallTable()), false, "the earlier rules (none) came back");
      assert.equal(outside.connectToHost(servicePort), "connected");
      await hop3.startServer();
      const status = await firewall("firewall");
      assert.equal(status.enabled, false, "the unconfirmed change was not kept");
      assert.equal(hasTable("inet", firewallTable()), false);
      const late = await hop3.api("/v1/firewall/confirm", "POST", { token: pending.pending.token });
      assert.equal(late.status, 409);
      assert.match(late.body, /FIREWALL_NOT_PENDING/);
    });
  });

  test("the guard is a table of its own per state root, and goes with the last app", async () => {
    const table = tableName("hop3g", hop3.home);
    assert.equal(hasTable("inet", table), true);
    for (const app of ["intruder", "target"]) assert.equal((await hop3.cli(["apps:destroy", app, "--yes"])).code, 0);
    assert.equal(hasTable("inet", table), false);
  });
});
