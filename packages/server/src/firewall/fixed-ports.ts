import { Hop3Error } from "@hop3/contract";
import type { FixedPort } from "../core/app-config.ts";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";

/** A fixed port held by an app: its current release declares it. */
export interface HeldPort {
  readonly app: string;
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  /** Whether Hop3's firewall opens it (a port limited to a source is not: the firewall opens to all or none). */
  readonly open: boolean;
}

export interface FixedPortsDeps {
  readonly apps: { list(): readonly App[] };
  readonly releases: { current(appId: number): Release | null };
  /** True when something on the host listens on the port already (a bind fails with EADDRINUSE). */
  readonly inUse?: (port: number, protocol: "tcp" | "udp") => Promise<boolean>;
}

/**
 * hop3.toml `[[ports]]` (the original Hop3's fixed host ports for non-HTTP services): a port
 * belongs to the app whose current release declares it. A deploy declaring one that another
 * app holds, or that another program listens on, is refused before its build (PORT_TAKEN).
 */
export class FixedPorts {
  readonly #deps: FixedPortsDeps;

  constructor(deps: FixedPortsDeps) {
    this.#deps = deps;
  }

  held(): HeldPort[] {
    const { apps, releases } = this.#deps;
    return apps.list().flatMap((app) =>
      (releases.current(app.id)?.settings.ports ?? []).map((port) => ({ app: app.name, port: port.number, protocol: port.protocol, open: port.source === "any" })),
    );
  }

  /** Throws PORT_TAKEN for the first of `ports` another app holds or another program listens on. */
  async check(app: App, ports: readonly FixedPort[]): Promise<void> {
    const held = this.held();
    const own = this.#deps.releases.current(app.id)?.settings.ports ?? [];
    for (const port of ports) {
      const name = `${port.number}/${port.protocol}`;
      const holder = held.find((other) => other.port === port.number && other.protocol === port.protocol && other.app !== app.name);
      if (holder !== undefined) {
        throw new Hop3Error("PORT_TAKEN", `hop3.toml [[ports]] ${name} is held by the app "${holder.app}": a fixed port belongs to one app.`);
      }
      // The app's own running release may be listening on it: that is the port it keeps.
      const ownPort = own.some((mine) => mine.number === port.number && mine.protocol === port.protocol);
      if (!ownPort && (await this.#deps.inUse?.(port.number, port.protocol)) === true) {
        throw new Hop3Error("PORT_TAKEN", `hop3.toml [[ports]] ${name} is in use by another program on the host.`);
      }
    }
  }
}

// Not ES imports (docs/adr/0030-daemon-footprint.md).
const net = process.getBuiltinModule("node:net");
const dgram = process.getBuiltinModule("node:dgram");

/** Binds the port on every address for a moment: EADDRINUSE means someone listens there. */
export function portInUse(port: number, protocol: "tcp" | "udp"): Promise<boolean> {
  return new Promise((resolve) => {
    const busy = (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE");
    if (protocol === "udp") {
      const socket = dgram.createSocket("udp4");
      socket.once("error", (error) => {
        socket.close();
        busy(error);
      });
      socket.bind(port, "0.0.0.0", () => socket.close(() => resolve(false)));
      return;
    }
    const server = net.createServer();
    server.once("error", busy);
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => resolve(false)));
  });
}
