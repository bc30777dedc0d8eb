import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiHostOf } from "./api-host.ts";
import { loadServerConfig } from "./server-config.ts";

const base = { "api-host": "", "api-port": 8000, domain: "example.org", tls: "acme" };

test("the API is served on hop3.<domain> once a domain is set, on the name asked for, or nowhere", () => {
  assert.equal(apiHostOf(base), "hop3.example.org");
  assert.equal(apiHostOf({ ...base, domain: "localhost" }), null, "no domain set: nothing");
  assert.equal(apiHostOf({ ...base, "api-host": "console.corp.example" }), "console.corp.example");
  assert.equal(apiHostOf({ ...base, "api-host": "admin.example.org" }), "admin.example.org", "a name Hop3 keeps from apps");
  assert.equal(apiHostOf({ ...base, "api-host": "off" }), null);
  assert.equal(apiHostOf({ ...base, tls: "off" }), null, "never over plain HTTP");
  assert.equal(apiHostOf({ ...base, "api-port": 0 }), null, "no TCP listener to proxy to");
});

test("an <app>.<domain> name an app could get is refused when the config is read, naming the setting", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_DOMAIN: "example.org", HOP3_API_HOST: "shop.example.org" }), /api-host \(HOP3_API_HOST\) "shop\.example\.org" is an <app>\.example\.org name, which an app named "shop" would get/);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_API_HOST: "https://hop3.example.org" }), /HOP3_API_HOST/);
  assert.equal(loadServerConfig({ HOP3_HOME: home, HOP3_DOMAIN: "example.org", HOP3_API_HOST: "hop3.example.org" })["api-host"], "hop3.example.org");
});
