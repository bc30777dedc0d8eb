import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error, type HostCheck } from "@hop3/contract";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { DomainStore } from "../routing/domain-store.ts";
import { DomainService } from "./domain-service.ts";

function setup(options: { serverHost?: string | null; zone?: string; checkHosts?: (hosts: readonly string[]) => Promise<HostCheck[]> } = {}) {
  const { serverHost = null, zone } = options;
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "hop3-domains-")), "hop3.db"));
  const apps = new AppStore(db);
  apps.insert("shop", "h3-shop");
  apps.insert("blog", "h3-blog");
  const store = new DomainStore(db);
  let refreshes = 0;
  let wildcardsAdded = 0;
  const require = (name: string) => {
    const app = apps.find(name);
    if (!app) throw new Hop3Error("APP_NOT_FOUND", name);
    return app;
  };
  const routes = { hostOf: (app: string) => `${app}.example.net`, hostsOf: (app: string) => [`${app}.example.net`, ...store.hostsOf(app)], refresh: async () => void refreshes++ };
  const service = new DomainService({ apps: { require }, store, routes, domain: "example.net", tls: "acme", serverHost, wildcards: zone === undefined ? undefined : { zone, added: () => void wildcardsAdded++ }, checkHosts: options.checkHosts });
  return { wildcardsAdded: () => wildcardsAdded, service, apps, refreshes: () => refreshes };
}

const refusal = (code: string, message: RegExp) => (error: unknown) => error instanceof Hop3Error && error.code === code && message.test(error.message);

test("added domains are stored normalized and pushed to the proxy; a refused change writes nothing", async () => {
  const { service, refreshes } = setup();
  const added = await service.change("shop", { add: ["Shop.Example.org", "shop.example.org."] });
  assert.deepEqual(added, { app: "shop", default: "shop.example.net", domains: ["shop.example.org"], hsts: false, tls: "acme" });
  assert.equal(refreshes(), 1);

  await assert.rejects(service.change("blog", { add: ["blog.example.org", "shop.example.org"] }), refusal("DOMAIN_TAKEN", /"shop\.example\.org" is already used by the app "shop"/));
  await assert.rejects(service.change("blog", { add: ["blog.example.org", "nope"] }), refusal("DOMAIN_INVALID", /"nope"/));
  await assert.rejects(service.change("blog", { add: ["shop.example.net"] }), refusal("DOMAIN_INVALID", /<app>\.example\.net name/));
  await assert.rejects(service.change("blog", { remove: ["shop.example.org"] }), refusal("DOMAIN_INVALID", /not a domain of the app "blog"/));
  assert.deepEqual(service.list("blog").domains, []);
  assert.deepEqual(service.list("shop").domains, ["shop.example.org"]);
  assert.equal(refreshes(), 1);
});

test("a domain follows its app through a rename, and is free again once removed", async () => {
  const { service, apps } = setup();
  await service.change("shop", { add: ["shop.example.org"], hsts: true });
  apps.rename(apps.find("shop")?.id ?? 0, "store");
  assert.deepEqual(service.list("store"), { app: "store", default: "store.example.net", domains: ["shop.example.org"], hsts: true, tls: "acme" });
  await assert.rejects(service.change("blog", { add: ["shop.example.org"] }), refusal("DOMAIN_TAKEN", /the app "store"/));
  await service.change("store", { clear: true });
  assert.deepEqual((await service.change("blog", { add: ["shop.example.org"] })).domains, ["shop.example.org"]);
});

test("hop3.toml [domains]: checked naming the file and the app that has a name, then only the new ones added", async () => {
  const { service, refreshes } = setup();
  await service.change("shop", { add: ["shop.example.org"] });
  assert.deepEqual(service.checkDeclared("blog", ["Blog.Example.org", "blog.example.org"]), ["blog.example.org"]);
  assert.throws(
    () => service.checkDeclared("blog", ["blog.example.org", "shop.example.org"]),
    refusal("DOMAIN_TAKEN", /^hop3\.toml \[domains\] lists "shop\.example\.org", which the app "shop" already uses; the deploy stopped before switching/),
  );
  assert.throws(() => service.checkDeclared("blog", ["bad_name!.org"]), refusal("DOMAIN_INVALID", /^hop3\.toml \[domains\] list: "bad_name!\.org" is not a hostname/));
  assert.deepEqual(service.list("blog").domains, [], "checking adds nothing");
  assert.deepEqual(await service.addDeclared("shop", ["shop.example.org", "www.shop.example.org"]), ["www.shop.example.org"]);
  assert.deepEqual(await service.addDeclared("shop", ["shop.example.org"]), [], "a second deploy adds nothing");
  assert.deepEqual(service.list("shop").domains, ["shop.example.org", "www.shop.example.org"]);
  assert.equal(refreshes(), 2);
});

test("the server's own hostname (api-host) is refused to every app, from the CLI and from hop3.toml, naming it", async () => {
  const { service } = setup({ serverHost: "console.example.org" });
  await assert.rejects(service.change("shop", { add: ["fresh.example.org", "Console.Example.org"] }), refusal("DOMAIN_TAKEN", /"console\.example\.org" is the server's own hostname \(api-host\)/));
  assert.deepEqual(service.list("shop").domains, []);
  assert.throws(() => service.checkDeclared("shop", ["console.example.org"]), refusal("DOMAIN_TAKEN", /^hop3\.toml \[domains\] list: The domain "console\.example\.org" is the server's own hostname/));
});

test("a wildcard domain is refused, saying how to set up DNS-01 or use a certificate of one's own, unless the server updates a zone holding it", async () => {
  const plain = setup();
  await assert.rejects(plain.service.change("shop", { add: ["*.example.org"] }), refusal("DOMAIN_INVALID", /"\*\.example\.org" is a wildcard domain, whose certificate needs a DNS-01 challenge, and this server has no DNS updates set up/));
  await assert.rejects(plain.service.change("shop", { add: ["*.example.org"] }), (error: unknown) => error instanceof Hop3Error && /dns-update-server.*certs:add/.test(error.hint ?? ""));

  const { service, wildcardsAdded } = setup({ zone: "example.org" });
  const added = await service.change("shop", { add: ["*.Shop.Example.org"] });
  assert.deepEqual(added.domains, ["*.shop.example.org"]);
  assert.equal(wildcardsAdded(), 1, "its certificate is ordered at once");
  await assert.rejects(service.change("blog", { add: ["*.example.com"] }), refusal("DOMAIN_INVALID", /outside the zone example\.org \(dns-update-zone\)/));
  await assert.rejects(service.change("blog", { add: ["a.*.example.org"] }), refusal("DOMAIN_INVALID", /a wildcard is written \*\.example\.org/));
  await assert.rejects(service.change("blog", { add: ["*.shop.example.org"] }), refusal("DOMAIN_TAKEN", /used by the app "shop"/));
  await service.change("shop", { remove: ["*.shop.example.org"] });
  assert.deepEqual(service.list("shop").domains, []);
});

test("added hostnames come back with whether the CA will find them; a failing check refuses nothing", async () => {
  const asked: string[][] = [];
  const checkHosts = async (hosts: readonly string[]) => {
    asked.push([...hosts]);
    return hosts.map((host): HostCheck => ({ host, outcome: "unresolved", addresses: [], resolver: "system", address: null, error: "ENOTFOUND" }));
  };
  const { service } = setup({ checkHosts });
  const added = await service.change("shop", { add: ["Shop.Example.org"], hsts: true });
  assert.deepEqual(added.domains, ["shop.example.org"], "added even though it does not resolve");
  assert.deepEqual(added.checks?.map((check) => [check.host, check.outcome]), [["shop.example.org", "unresolved"]]);
  assert.equal((await service.change("shop", { hsts: false })).checks, undefined, "no hostname added, nothing checked");
  assert.deepEqual(asked, [["shop.example.org"]]);
  assert.deepEqual((await service.checkServed("shop")).map((check) => check.host), ["shop.example.net", "shop.example.org"], "a deploy checks every hostname of the app");
});
