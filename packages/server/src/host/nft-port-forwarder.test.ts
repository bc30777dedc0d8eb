import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "node:http";
import { NftPortForwarder } from "./nft-port-forwarder.ts";
import { runCommand } from "../exec/run-command.ts";

const available = await NftPortForwarder.available();
const forwarder = new NftPortForwarder(`/tmp/nft-test-${process.pid}`);
const servers: Server[] = [];
after(async () => {
  await forwarder.apply(new Map());
  for (const server of servers) server.close();
});

async function upstream(body: string): Promise<number> {
  const server = createServer((_req, res) => res.end(body));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve(text));
    })
      .once("error", reject)
      .end();
  });
}

test("a front port leads to the instance it is switched to, and the table is rebuilt whole each time", { skip: !available && "nft is not usable here" }, async () => {
  const [one, two] = [await upstream("one"), await upstream("two")];
  const front = 29_000 + (process.pid % 900);
  await forwarder.apply(new Map([[front, [one]]]));
  assert.equal(await get(front), "one");
  await forwarder.apply(new Map([[front, [two]]]));
  await forwarder.apply(new Map([[front, [two]]]));
  assert.equal(await get(front), "two");
  const listing = await runCommand({ argv: ["nft", "list", "table", "ip", forwarder.table], cwd: "/", env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
  assert.equal(listing.tail.filter((line) => line.includes("dnat to")).length, 1, "one rule, however many applies");
  await forwarder.apply(new Map());
  const gone = await runCommand({ argv: ["nft", "list", "table", "ip", forwarder.table], cwd: "/", env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
  assert.notEqual(gone.exitCode, 0, "an empty table is removed");
});

test("a front port with several instances spreads new connections over all of them in turn", { skip: !available && "nft is not usable here" }, async () => {
  const [one, two] = [await upstream("one"), await upstream("two")];
  const front = 29_000 + (process.pid % 900);
  await forwarder.apply(new Map([[front, [one, two]]]));
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await get(front));
  assert.deepEqual(answers.toSorted(), ["one", "one", "one", "two", "two", "two"]);
  await forwarder.apply(new Map([[front, [two]]]));
  assert.deepEqual([await get(front), await get(front)], ["two", "two"], "back to one instance");
  await forwarder.apply(new Map());
});
