import type { RouteTarget } from "../core/route.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";

/**
 * Where the proxy should send an app's requests, given its release's units (a static site's
 * files are served by its own `web` process, like any app's).
 * A web process scaled to 0 answers like a stopped one (503, on purpose), not like a crash.
 */
export function targetOf(units: readonly ProcessUnit[], webInstances?: number): RouteTarget {
  if (webInstances === 0) return { kind: "stopped" };
  const addresses = units.filter((unit) => unit.spec.port !== null).map((unit) => `127.0.0.1:${unit.spec.port}`);
  return addresses.length ? { kind: "upstreams", addresses } : { kind: "unavailable" };
}
