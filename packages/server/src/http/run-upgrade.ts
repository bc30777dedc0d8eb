import type { Duplex } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Hop3Error, runProtocol } from "@hop3/contract";
import { serveRunSession, type StartCommand } from "./run-session.ts";
import { upgradeConnectionOf } from "./upgrade-dispatch.ts";

/**
 * The HTTP Upgrade to `hop3-run/1` (docs/adr/0015-one-off-commands.md) for the routes that
 * serve one: `hop3 run` and `hop3 addons:connect`. Open sessions are cut off when the server
 * closes (which kills their commands): they would keep it from closing.
 */
export function runUpgrades(app: FastifyInstance): (request: FastifyRequest, reply: FastifyReply, options: { hint: string; check: () => void; start: StartCommand }) => void {
  const sockets = new Set<Duplex>();
  app.addHook("preClose", async () => {
    for (const socket of sockets) socket.destroy();
  });
  return (request, reply, { hint, check, start }) => {
    const connection = upgradeConnectionOf(request.raw);
    if (!connection || request.headers.upgrade?.toLowerCase() !== runProtocol) {
      throw new Hop3Error("REQUEST_INVALID", `This route only answers an HTTP Upgrade to ${runProtocol}.`, { hint });
    }
    // Refusals (no such app, not deployed...) are still HTTP answers: before the switch.
    check();
    reply.hijack();
    reply.raw.detachSocket(connection.socket as never);
    connection.socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${runProtocol}\r\n\r\n`);
    sockets.add(connection.socket);
    void serveRunSession(connection.socket, connection.head, start).finally(() => sockets.delete(connection.socket));
  };
}
