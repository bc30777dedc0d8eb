import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { FixedPort } from "../core/app-config.ts";
import { defaultReleaseSettings, type Release } from "../core/release.ts";
import { FixedPorts, portInUse } from "./fixed-ports.ts";

const port = (number: number, source = "any"): FixedPort => ({ number, protocol: "tcp", name: null, source });
const apps = [{ id: 1, name: "mqtt" }, { id: 2, name: "shop" }] as App[];

function fixedPorts(held: Record<number, readonly FixedPort[]>, inUse: readonly number[] = []) {
  return new FixedPorts({
    apps: { list: () => apps },
    releases: { current: (appId) => ({ settings: { ...defaultReleaseSettings, ports: held[appId] ?? [] } }) as unknown as Release },
    inUse: async (number) => inUse.includes(number),
  });
}

function refused(code: string, pattern: RegExp) {
  return (error: unknown) => error instanceof Hop3Error && error.code === code && pattern.test(error.message);
}

test("a port another app's current release holds is refused, naming that app", async () => {
  const ports = fixedPorts({ 1: [port(1883)] });
  await assert.rejects(ports.check(apps[1] as App, [port(1883)]), refused("PORT_TAKEN", /\[\[ports\]\] 1883\/tcp is held by the app "mqtt"/));
});

test("a port another program listens on is refused; the app's own running release may hold its ports", async () => {
  await assert.rejects(fixedPorts({}, [5000]).check(apps[1] as App, [port(5000)]), refused("PORT_TAKEN", /5000\/tcp is in use by another program on the host/));
  await fixedPorts({ 2: [port(5000)] }, [5000]).check(apps[1] as App, [port(5000)]);
});

test("the held ports are those of current releases; one limited to a source is not opened", () => {
  assert.deepEqual(fixedPorts({ 1: [port(1883), port(8883, "10.0.0.0/8")] }).held(), [
    { app: "mqtt", port: 1883, protocol: "tcp", open: true },
    { app: "mqtt", port: 8883, protocol: "tcp", open: false },
  ]);
});

test("portInUse tells a port someone listens on from a free one", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  assert.equal(await portInUse(address.port, "tcp"), true);
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await portInUse(address.port, "tcp"), false);
});
