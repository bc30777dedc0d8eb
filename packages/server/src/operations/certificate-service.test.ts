import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error, type HostCertificate, type HostCheck } from "@hop3/contract";
import { TestCertificates } from "../../../../test/support/test-certificates.ts";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { CertificateStore } from "../routing/certificate-store.ts";
import { CertificateService } from "./certificate-service.ts";

const certs = new TestCertificates();
after(() => certs.remove());
const root = certs.root("Unit CA");

function setup(options: { served?: HostCertificate["status"]; checkHosts?: (hosts: readonly string[]) => Promise<HostCheck[]>; errors?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "hop3-certs-"));
  const db = openDatabase(join(dir, "hop3.db"));
  const apps = new AppStore(db);
  apps.insert("shop", "h3-shop");
  const hosts = new Map([["shop", ["shop.example.net", "shop.test", "www.shop.test"]]]);
  const store = new CertificateStore(db, new ConfigCipher(join(dir, "keys", "config.key")));
  let refreshes = 0;
  const require = (name: string) => {
    const app = apps.find(name);
    if (!app) throw new Hop3Error("APP_NOT_FOUND", name);
    return app;
  };
  const routes = { hostsOf: (app: string) => hosts.get(app) ?? [], refresh: async () => void refreshes++ };
  const served = async (names: readonly string[]) => names.map((host) => ({ host, status: options.served ?? ("valid" as const), issuer: "x", notAfter: null, detail: null }));
  const issuanceErrors = async () => new Map(Object.entries(options.errors ?? {}).map(([host, reason]) => [host, { reason }]));
  const service = new CertificateService({ apps: { require }, store, routes, served, roots: [], checkHosts: options.checkHosts, issuanceErrors });
  return { service, store, dir, refreshes: () => refreshes };
}

test("a custom certificate serves the app's names it covers, its key encrypted at rest; a newer one replaces it; remove goes back", async () => {
  const { service, store, dir, refreshes } = setup();
  const wildcard = certs.issue(root, { name: "wild", hosts: ["*.shop.test"] });
  const added = await service.add("shop", { certificate: wildcard.cert + root.cert, key: wildcard.key });
  assert.deepEqual(added.hosts, ["www.shop.test"]);
  assert.equal(refreshes(), 1);
  const served = store.servedFor("shop", ["shop.example.net", "shop.test", "www.shop.test", "api.shop.test"]);
  assert.deepEqual(served.map((cert) => cert.hosts), [["api.shop.test", "www.shop.test"]], "a wildcard also serves a name added later");
  assert.equal(served[0]?.key, wildcard.key.replace(/\r\n/g, "\n"));
  // The database and its write-ahead log: the rows may be in either.
  const stored = Buffer.concat(["hop3.db", "hop3.db-wal"].map((file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : Buffer.alloc(0))));
  const chainLine = Buffer.from(wildcard.cert.split("\n")[1] ?? "");
  assert.ok(stored.includes(chainLine), "the certificate is stored (so the search below can find a PEM line)");
  assert.ok(!stored.includes(Buffer.from(wildcard.key.split("\n")[1] ?? "")), "the key is not stored in clear");

  const both = certs.issue(root, { name: "both", hosts: ["shop.test", "www.shop.test"] });
  await service.add("shop", { certificate: both.cert + root.cert, key: both.key });
  const listed = await service.list("shop");
  assert.deepEqual(listed.custom?.map((cert) => cert.hosts), [["shop.test", "www.shop.test"]], "the wildcard, serving nothing any more, was dropped");
  assert.deepEqual(listed.certificates.map((cert) => [cert.host, cert.source]), [["shop.example.net", "automatic"], ["shop.test", "custom"], ["www.shop.test", "custom"]]);

  const expired = certs.issue(root, { name: "old", hosts: ["shop.test"], days: -1 });
  await assert.rejects(service.add("shop", { certificate: expired.cert + root.cert, key: expired.key }), (error: unknown) => error instanceof Hop3Error && error.code === "CERTIFICATE_EXPIRED");
  assert.equal((await service.list("shop")).custom?.length, 1, "a refused certificate changes nothing");

  await assert.rejects(service.remove("shop", ["shop.example.net"]), (error: unknown) => error instanceof Hop3Error && error.code === "CERTIFICATE_NOT_FOUND");
  const removed = await service.remove("shop", ["shop.test"]);
  assert.deepEqual(removed.removed.map((cert) => cert.hosts), [["shop.test", "www.shop.test"]]);
  assert.deepEqual((await service.list("shop")).custom, []);
});

test("a name still without a certificate says why: failed with the CA's reason or a failing check, pending otherwise; served names are not checked", async () => {
  const checked: string[][] = [];
  const checkHosts = async (hosts: readonly string[]) => {
    checked.push([...hosts]);
    return hosts.map((host): HostCheck => ({ host, outcome: host === "shop.test" ? "unresolved" : "ok", addresses: host === "shop.test" ? [] : ["192.0.2.1"], resolver: "system", address: null, error: host === "shop.test" ? "ENOTFOUND" : null }));
  };
  const { service } = setup({ served: "pending", checkHosts, errors: { "www.shop.test": "CA: Invalid response from http://www.shop.test/.well-known/acme-challenge/x: 404" } });
  const listed = await service.list("shop");
  assert.deepEqual(
    listed.certificates.map((cert) => [cert.host, cert.status, cert.check?.outcome, cert.caError]),
    [
      ["shop.example.net", "pending", "ok", null],
      ["shop.test", "failed", "unresolved", null],
      ["www.shop.test", "failed", "ok", "CA: Invalid response from http://www.shop.test/.well-known/acme-challenge/x: 404"],
    ],
  );
  const valid = setup({ checkHosts });
  assert.ok((await valid.service.list("shop")).certificates.every((cert) => cert.status === "valid" && cert.check === undefined));
  assert.equal(checked.length, 1, "names served with a certificate are not checked");
});
