import { fastcgiRootEnv, type RouteTarget } from "../core/route.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";

/**
 * Where the proxy should send an app's requests, given its release's static root and units.
 * A web process scaled to 0 answers like a stopped one (503, on purpose), not like a crash.
 */
export function targetOf(staticRoot: string | null, units: readonly ProcessUnit[], webInstances?: number): RouteTarget {
  if (staticRoot) return { kind: "static", root: staticRoot };
  if (webInstances === 0) return { kind: "stopped" };
  const listening = units.filter((unit) => unit.spec.port !== null);
  const addresses = listening.map((unit) => `127.0.0.1:${unit.spec.port}`);
  const fastcgiRoot = listening[0]?.spec.env[fastcgiRootEnv];
  if (fastcgiRoot !== undefined && addresses.length > 0) return { kind: "fastcgi", addresses, root: fastcgiRoot };
  return addresses.length ? { kind: "upstreams", addresses } : { kind: "unavailable" };
}
