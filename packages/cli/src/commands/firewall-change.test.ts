import { test } from "node:test";
import assert from "node:assert/strict";
import type { Hop3Error } from "@hop3/contract";
import { parsePortArg } from "./firewall-change.ts";

test("a port is PORT, PORT/tcp or PORT/udp from 1 to 65535", () => {
  assert.deepEqual(parsePortArg("5432"), { port: 5432 });
  assert.deepEqual(parsePortArg("51820/udp"), { port: 51820, protocol: "udp" });
  for (const bad of ["0", "65536", "22/sctp", "ssh", "-1", "80,443"]) {
    assert.throws(() => parsePortArg(bad), (error: Hop3Error) => error.code === "FIREWALL_PORT_INVALID", bad);
  }
});
