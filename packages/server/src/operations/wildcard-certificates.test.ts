import { test } from "node:test";
import assert from "node:assert/strict";
import type { CustomCertificate } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { CheckedCertificate } from "../core/certificate-bundle.ts";
import { TestCertificates } from "../../../../test/support/test-certificates.ts";
import { WildcardCertificates } from "./wildcard-certificates.ts";

function setup(issue: (host: string) => Promise<{ chainPem: string; keyPem: string }>) {
  const stored: { cert: CustomCertificate; origin: string }[] = [];
  let now = new Date();
  let refreshes = 0;
  const failures: string[] = [];
  const app = { id: 1, name: "shop" } as App;
  const manager = new WildcardCertificates({
    issuer: { issue },
    wildcards: () => [{ app: "shop", host: "*.example.org" }],
    apps: { require: () => app },
    hostsOf: () => ["shop.example.net", "*.example.org"],
    store: {
      listOf: () => stored.map((entry) => entry.cert),
      add: (_app, _hosts, checked: CheckedCertificate, origin) => {
        stored.unshift({ origin, cert: { fingerprint: checked.fingerprint, subjects: [...checked.subjects], hosts: [...checked.hosts], issuer: checked.issuer, notBefore: checked.notBefore.toISOString(), notAfter: checked.notAfter.toISOString(), addedAt: now.toISOString() } });
      },
    },
    refresh: async () => void refreshes++,
    now: () => now,
    onFailure: (host, reason) => void failures.push(`${host}: ${reason}`),
  });
  return { manager, stored, failures, refreshes: () => refreshes, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

test("a wildcard without a certificate gets one, checked and stored as dns-01, then the proxy is refreshed; it is ordered again only at two thirds of its life", async () => {
  const certs = new TestCertificates();
  try {
    const ca = certs.root("Wildcard CA");
    const intermediate = certs.issue(ca, { name: "Wildcard Intermediate", ca: true });
    const asked: string[] = [];
    const { manager, stored, refreshes, advance } = setup(async (host) => {
      asked.push(host);
      const leaf = certs.issue(intermediate, { name: "wild", hosts: [host], days: 30 });
      // As an ACME CA answers: the leaf and its intermediate, not the root.
      return { chainPem: leaf.cert + intermediate.cert, keyPem: leaf.key };
    });
    await manager.renewDue();
    assert.deepEqual(asked, ["*.example.org"]);
    assert.deepEqual(stored.map((entry) => [entry.cert.hosts, entry.origin]), [[["*.example.org"], "dns-01"]]);
    assert.equal(refreshes(), 1);
    advance(19 * 86_400_000);
    await manager.renewDue();
    assert.equal(asked.length, 1, "not yet: 19 of 30 days");
    advance(2 * 86_400_000);
    await manager.renewDue();
    assert.equal(asked.length, 2, "renewed past two thirds (day 21 of 30)");
  } finally {
    certs.remove();
  }
});

test("a failed order is kept with its reason for `hop3 certs` and retried after a backoff, not on every round", async () => {
  let attempts = 0;
  const { manager, failures, stored, advance } = setup(async () => {
    attempts++;
    throw new Error("the DNS server 127.0.0.1:53 refused the update of zone example.org: update failed: REFUSED");
  });
  await manager.renewDue();
  assert.equal(manager.failureOf("*.example.org"), "the DNS server 127.0.0.1:53 refused the update of zone example.org: update failed: REFUSED");
  assert.equal(failures.length, 1);
  await manager.renewDue();
  assert.equal(attempts, 1, "within the backoff: no new order");
  advance(61_000);
  await manager.renewDue();
  assert.equal(attempts, 2);
  advance(61_000);
  await manager.renewDue();
  assert.equal(attempts, 2, "the backoff doubled");
  assert.deepEqual(stored, []);
});
