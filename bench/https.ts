/**
 * HTTPS benchmark (ADR 41, 65), with Debian's pebble as the CA on loopback:
 *  - seconds from `hop3 domains:add` to the first HTTPS 200 on the new name (the CLI's call,
 *    the proxy's reload, the ACME order with HTTP-01, the certificate served), five names;
 *  - requests/s through Caddy over HTTPS and over plain HTTP in the same run, same app (a
 *    static site), same client (keep-alive, 8 at a time): plain HTTP goes to a name whose DNS
 *    fails on purpose, which Hop3 serves over HTTP while it has no certificate.
 * Run as root: `node bench/https.ts` (after scripts/bootstrap.sh).
 */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort } from "../packages/server/src/runtime/free-port.ts";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { Pebble } from "../test/e2e/support/pebble.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import { mustCli } from "./support/must-cli.ts";

const names = 5;
const requests = 4000;
const concurrency = 8;

function get(secure: boolean, port: number, host: string, agent: HttpAgent, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const options = { host: "127.0.0.1", port, path: "/", headers: { host }, agent, servername: host, ca };
    const req = (secure ? httpsRequest : httpRequest)(options, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${host} timed out`)));
    req.once("error", reject);
    req.end();
  });
}

/** Requests per second for `requests` GETs, `concurrency` at a time; every answer must be 200. */
async function rate(secure: boolean, port: number, host: string, ca: string): Promise<number> {
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency }) : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
  let left = requests;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const status = await get(secure, port, host, agent, ca);
        if (status !== 200) throw new Error(`${secure ? "https" : "http"}://${host}/ answered ${status}`);
      }
    }),
  );
  agent.destroy();
  return requests / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  const pebble = await Pebble.prepare();
  const httpsPort = await findFreePort();
  const hop3 = await Hop3Fixture.start({
    env: { HOP3_TLS: "acme", HOP3_HTTPS_PORT: String(httpsPort), HOP3_DOMAIN: "hop3.test", HOP3_DNS_SERVER: pebble.dnsServer, HOP3_ACME_CA: pebble.directory, HOP3_ACME_CA_ROOT: pebble.listenerCert },
  });
  const must = mustCli(hop3);
  try {
    await pebble.start(hop3.httpPort, httpsPort);
    const ca = await pebble.root();
    await must(["deploy", "--app", "bench", copySample("static-site")]);
    const agent = new HttpsAgent({ keepAlive: false });
    const firstHttps = async (host: string) => {
      for (let i = 0; i < 600; i++) {
        if ((await get(true, httpsPort, host, agent, ca).catch(() => 0)) === 200) return;
        await sleep(50);
      }
      throw new Error(`no HTTPS answer for ${host}`);
    };
    await firstHttps("bench.hop3.test");
    const seconds: number[] = [];
    for (let i = 1; i <= names; i++) {
      const started = process.hrtime.bigint();
      await must(["domains:add", "bench", `www${i}.bench.test`]);
      await firstHttps(`www${i}.bench.test`);
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    await pebble.servfail("plain.bench.test");
    await must(["domains:add", "bench", "plain.bench.test"]);
    await rate(true, httpsPort, "bench.hop3.test", ca); // warm-up
    const secure = await rate(true, httpsPort, "bench.hop3.test", ca);
    const plain = await rate(false, hop3.httpPort, "plain.bench.test", ca);
    const sorted = seconds.toSorted((a, b) => a - b);
    console.log(`domains:add to first HTTPS 200 (pebble, HTTP-01), ${names} names: median ${sorted[Math.floor(names / 2)]?.toFixed(2)} s, min ${sorted[0]?.toFixed(2)} s, max ${sorted.at(-1)?.toFixed(2)} s`);
    console.log(`requests/s through Caddy, ${requests} GETs of a static page, ${concurrency} at a time, keep-alive:`);
    console.log(`  HTTPS ${secure.toFixed(0).padStart(6)}`);
    console.log(`  HTTP  ${plain.toFixed(0).padStart(6)}`);
    console.log(`  HTTPS / HTTP = ${(secure / plain).toFixed(2)}`);
  } finally {
    await hop3.close();
    pebble.stop();
  }
}

await main();
