import { test } from "node:test";
import assert from "node:assert/strict";
import type { Hop3Error } from "@hop3/contract";
import type { FirewallRules, HostFirewall } from "../core/host-firewall.ts";
import { openDatabase } from "../store/database.ts";
import { FirewallService } from "./firewall-service.ts";
import { FirewallStore } from "./firewall-store.ts";

/** Records what would reach nftables; a pending rollback is kept until confirmed. */
class FakeFirewall implements HostFirewall {
  available = true;
  applied: FirewallRules = null;
  rollbacks = new Map<string, FirewallRules>();
  sshPorts(): Promise<number[]> {
    return Promise.resolve([22]);
  }
  apply(rules: FirewallRules): Promise<void> {
    this.rollbacks.clear();
    this.applied = rules;
    return Promise.resolve();
  }
  applyWithRollback(rules: FirewallRules, fallback: FirewallRules): Promise<string> {
    this.rollbacks.clear();
    const id = `id${this.rollbacks.size + Math.random()}`;
    this.rollbacks.set(id, fallback);
    this.applied = rules;
    return Promise.resolve(id);
  }
  async confirm(id: string): Promise<boolean> {
    return this.rollbacks.delete(id);
  }
}

function setUp() {
  const store = new FirewallStore(openDatabase(":memory:"));
  const firewall = new FakeFirewall();
  return { store, firewall, service: new FirewallService({ store, firewall, httpPort: 8080, confirmSeconds: 60 }) };
}

const ports = (rules: FirewallRules) => rules?.map(({ port, protocol }) => `${port}/${protocol}`);

test("enable keeps SSH, HTTP and HTTPS open and is kept only once confirmed", async () => {
  const { store, firewall, service } = setUp();
  const pending = await service.change({ action: "enable" });
  assert.deepEqual(ports(firewall.applied), ["22/tcp", "8080/tcp", "443/tcp"]);
  assert.ok(pending.pending);
  assert.equal(firewall.rollbacks.get(pending.pending.token), null, "the rollback goes back to no filtering");
  assert.equal(store.read().enabled, false, "not stored before confirmation");
  const confirmed = await service.confirm(pending.pending.token);
  assert.equal(confirmed.pending, null);
  assert.equal(store.read().enabled, true);
  await assert.rejects(service.confirm(pending.pending.token), (error: Hop3Error) => error.code === "FIREWALL_NOT_PENDING");
});

test("allow opens at once; deny closes with a confirmation; SSH and HTTP cannot be denied", async () => {
  const { store, firewall, service } = setUp();
  const enabled = await service.change({ action: "enable" });
  await service.confirm(enabled.pending?.token ?? "");
  const allowed = await service.change({ action: "allow", port: 5432 });
  assert.equal(allowed.pending, null, "opening needs no confirmation");
  assert.deepEqual(ports(firewall.applied), ["22/tcp", "8080/tcp", "443/tcp", "5432/tcp"]);
  assert.deepEqual(store.read().allowed, [{ port: 5432, protocol: "tcp" }]);
  const denied = await service.change({ action: "deny", port: 5432 });
  assert.ok(denied.pending, "closing a port waits for confirmation");
  assert.deepEqual(ports(firewall.rollbacks.get(denied.pending.token) ?? null), ["22/tcp", "8080/tcp", "443/tcp", "5432/tcp"]);
  await assert.rejects(service.change({ action: "deny", port: 22 }), (error: Hop3Error) => error.code === "FIREWALL_PORT_PROTECTED");
  await assert.rejects(service.change({ action: "deny", port: 8080, protocol: "tcp" }), (error: Hop3Error) => error.code === "FIREWALL_PORT_PROTECTED");
  await assert.rejects(service.change({ action: "allow" }), (error: Hop3Error) => error.code === "FIREWALL_PORT_INVALID");
});

test("disable removes the rules at once; without nft every change is refused", async () => {
  const { firewall, service } = setUp();
  await service.change({ action: "disable" });
  assert.equal(firewall.applied, null);
  firewall.available = false;
  await assert.rejects(service.change({ action: "enable" }), (error: Hop3Error) => error.code === "FIREWALL_UNAVAILABLE");
  assert.deepEqual((await service.status()).open, []);
});
