import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppRoute, ProxyDriver } from "../core/route.ts";
import { RouteTable } from "./route-table.ts";

/** A proxy that keeps what it was last given. */
function fakeProxy(): ProxyDriver & { routes: readonly AppRoute[] } {
  return {
    name: "fake",
    routes: [],
    start: async () => undefined,
    async apply(routes) {
      this.routes = routes;
    },
    isRunning: () => true,
    detach: async () => undefined,
    stop: async () => undefined,
  };
}

void test("a hidden app (a restore drill's) gets no route in the proxy, even once it serves; shown again, it has one", async () => {
  const proxy = fakeProxy();
  const table = new RouteTable({ proxy, domain: "example.test" });
  await table.set("shop", { kind: "upstreams", addresses: ["127.0.0.1:5001"] });
  table.hide("shop-drill-abcdef");
  await table.set("shop-drill-abcdef", { kind: "upstreams", addresses: ["127.0.0.1:5002"] });
  assert.deepEqual(proxy.routes.map((route) => route.hosts), [["shop.example.test"]], "the drill's data is not served");
  assert.deepEqual(table.get("shop-drill-abcdef"), { kind: "upstreams", addresses: ["127.0.0.1:5002"] }, "the table still knows its instances");
  await table.show("shop-drill-abcdef");
  assert.deepEqual(proxy.routes.map((route) => route.app), ["shop", "shop-drill-abcdef"]);
});
