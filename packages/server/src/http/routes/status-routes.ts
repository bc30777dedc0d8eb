import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import { ErrorResponse, ServerStatus, apiPaths } from "@hop3/contract";

export interface StatusSource {
  status(): ServerStatus;
}

export function statusRoutes(app: FastifyInstance, source: StatusSource): void {
  app.get("/healthz", {
    config: { permission: "public" },
    schema: { summary: "Liveness probe", tags: ["server"], response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    handler: async () => ({ ok: true }),
  });
  app.get(apiPaths.status, {
    config: { permission: "server:read" },
    schema: { summary: "Server status", tags: ["server"], security: [{ bearer: [] }], response: { 200: Type.Ref(ServerStatus), 401: Type.Ref(ErrorResponse) } },
    handler: async () => source.status(),
  });
}
