import { findFreePortIn } from "../../../packages/server/src/runtime/free-port.ts";

/**
 * Ports the tests' own servers (hop3-server, Caddy, pebble, database servers…) listen on: below
 * Hop3's front and instance ranges (20000-32767) and the kernel's ephemeral range (32768-60999).
 * A port the kernel hands out for `listen(0)` is free only until some client connection is
 * given it as its local port, which with two e2e files at once happened between the probe and
 * the server's listen (EADDRINUSE at start, in CI).
 */
const testPortRange = { first: 10000, last: 19999 } as const;

/** A loopback port nobody listens on, from the tests' range, tried from a random place. */
export function freeTestPort(): Promise<number> {
  return findFreePortIn(testPortRange);
}
