import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";

// Not an ES import: importing node:http reads all its exports, whose WebSocket getters load
// undici, ~14 MiB the daemon never uses (docs/adr/0030-daemon-footprint.md).
const { ServerResponse } = process.getBuiltinModule("node:http");

/** The connection of an HTTP Upgrade request, handed to the route that accepts it. */
export interface UpgradeConnection {
  readonly socket: Duplex;
  /** Bytes the client sent after the request's headers: the start of the new protocol. */
  readonly head: Buffer;
}

const connections = new WeakMap<IncomingMessage, UpgradeConnection>();

/**
 * Sends HTTP Upgrade requests through Fastify's router like any other request, so they pass
 * the same authentication, permission check and error handling; the route then takes the
 * connection with `upgradeConnectionOf`. A refusal is an ordinary HTTP response, after which
 * the connection is closed.
 */
export function installUpgradeDispatch(app: FastifyInstance, servers: readonly Server[]): void {
  for (const server of servers) {
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      connections.set(request, { socket, head });
      const response = new ServerResponse(request);
      response.assignSocket(socket as never);
      response.once("finish", () => socket.end());
      socket.on("error", () => socket.destroy());
      app.routing(request, response);
    });
  }
}

/** The connection of an Upgrade request, or undefined for a plain request. */
export function upgradeConnectionOf(request: IncomingMessage): UpgradeConnection | undefined {
  return connections.get(request);
}
