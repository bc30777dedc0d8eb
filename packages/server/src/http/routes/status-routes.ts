import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import { ErrorResponse, ServerStatus, apiPaths } from "@hop3/contract";
import type { UserService } from "../../operations/user-service.ts";
import { callerOf } from "./caller-of.ts";

export interface StatusSource {
  /** The status; `sees` says which apps the caller may know of (the count is of those). */
  status(sees: (app: string) => boolean): ServerStatus;
}

export function statusRoutes(app: FastifyInstance, source: StatusSource, users: UserService): void {
  app.get("/healthz", {
    config: { permission: "public" },
    schema: { summary: "Liveness probe", tags: ["server"], response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    handler: async () => ({ ok: true }),
  });
  app.get(apiPaths.status, {
    config: { permission: "signed-in" },
    schema: { summary: "Server status", description: "For any valid token: `apps` counts the apps the caller has a role on.", tags: ["server"], security: [{ bearer: [] }], response: { 200: Type.Ref(ServerStatus), 401: Type.Ref(ErrorResponse) } },
    handler: async (request) => {
      const caller = callerOf(request);
      return source.status((name) => users.sees(caller, name));
    },
  });
}
