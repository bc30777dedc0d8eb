import { chmodSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import Fastify, { type FastifyInstance } from "fastify";
import { installAuthentication } from "./authenticate.ts";
import { installAuditTrail } from "./audit-trail.ts";
import { installErrorHandling } from "./error-handler.ts";
import { installUpgradeDispatch } from "./upgrade-dispatch.ts";
import { registerApiRoutes, type HttpApiDeps } from "./api-routes.ts";
import { lazySchemaCompilers } from "./lazy-schema-compilers.ts";
import { uiRoutes } from "./ui/ui-routes.ts";

// Not an ES import: importing node:http reads all its exports, whose WebSocket getters load
// undici, ~14 MiB the daemon never uses (docs/adr/0030-daemon-footprint.md).
const { createServer } = process.getBuiltinModule("node:http");

export type { HttpApiDeps } from "./api-routes.ts";

/**
 * The HTTP API: one Fastify app served on the Unix socket and, optionally, on loopback TCP.
 * Route schemas are compiled on first use, and the OpenAPI description made when first asked
 * for (docs/adr/0030-daemon-footprint.md); `eagerSchemas` compiles them all now instead.
 */
export async function createHttpApi(deps: HttpApiDeps, options: { eagerSchemas?: boolean; behindProxy?: boolean } = {}): Promise<{ app: FastifyInstance; tcpServer: Server }> {
  let tcpServer: Server | undefined;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Served on api-host (ADR 67), requests reach the TCP listener from the proxy on loopback:
    // the client is the one Caddy names in X-Forwarded-For (it replaces any the client sent).
    ...(options.behindProxy === true ? { trustProxy: "127.0.0.1" } : {}),
    return503OnClosing: true,
    // One handler, two listeners: the socket (main server) and loopback TCP (second server).
    serverFactory: (handler) => {
      tcpServer = createServer(handler);
      return createServer(handler);
    },
    schemaController: { compilersFactory: lazySchemaCompilers({ eager: options.eagerSchemas === true }) },
  });
  installAuthentication(app, deps);
  installErrorHandling(app);
  installAuditTrail(app, deps);
  let openapi: Promise<string> | undefined;
  app.get("/openapi.json", { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) => {
    const document = (openapi ??= import("./openapi-document.ts").then(async ({ openApiDocument }) => JSON.stringify(await openApiDocument(deps))));
    try {
      return reply.type("application/json; charset=utf-8").send(await document);
    } catch (error) {
      // Made once; a failure is not kept: the next request tries again.
      if (openapi === document) openapi = undefined;
      throw error;
    }
  });
  registerApiRoutes(app, deps);
  // The web UI: its own form parser, headers and HTML errors, in a context of its own.
  await app.register(async (ui) => uiRoutes(ui, deps));
  await app.ready();
  if (!tcpServer) throw new Error("Fastify did not call the server factory");
  installUpgradeDispatch(app, [app.server, tcpServer]);
  return { app, tcpServer };
}

/** Listens on the Unix socket (mode 0600) and, when `port` is not 0, on 127.0.0.1:port. */
export async function listen(api: { app: FastifyInstance; tcpServer: Server }, socket: string, port: number): Promise<number | null> {
  rmSync(socket, { force: true });
  await api.app.listen({ path: socket });
  chmodSync(socket, 0o600);
  if (port === 0) return null;
  await new Promise<void>((resolve, reject) => {
    api.tcpServer.once("error", reject);
    api.tcpServer.listen(port, "127.0.0.1", () => resolve());
  });
  const address = api.tcpServer.address();
  return typeof address === "object" && address ? address.port : port;
}
