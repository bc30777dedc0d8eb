import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AccessParams, AppAccess, AppParams, ErrorResponse, GrantBody } from "@hop3/contract";
import type { UserService } from "../../operations/user-service.ts";
import { callerOf } from "./caller-of.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["users"], security: [{ bearer: [] }] };
const errors = { 400: error, 401: error, 403: error, 404: error };

/** Who holds which role on an app; owners (and admins) change it. */
export function accessRoutes(app: FastifyInstance, users: UserService): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/access", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "Who holds which role on an app", params: AppParams, response: { 200: Type.Ref(AppAccess), ...errors } },
    handler: async (request) => users.access(request.params.app),
  });
  app.put<{ Params: Static<typeof AccessParams>; Body: Static<typeof GrantBody> }>("/v1/apps/:app/access/:user", {
    config: { permission: "app:manage" },
    schema: { ...secured, summary: "Give a user a role on an app (replacing the one they had)", params: AccessParams, body: Type.Ref(GrantBody), response: { 200: Type.Ref(AppAccess), ...errors } },
    handler: async (request) => {
      request.audit = { detail: `${request.params.user}: ${request.body.role}` };
      return users.grant(callerOf(request), request.params.app, request.params.user, request.body.role);
    },
  });
  app.delete<{ Params: Static<typeof AccessParams> }>("/v1/apps/:app/access/:user", {
    config: { permission: "app:manage" },
    schema: { ...secured, summary: "Take a user's role on an app away", params: AccessParams, response: { 200: Type.Ref(AppAccess), ...errors } },
    handler: async (request) => {
      request.audit = { detail: request.params.user };
      return users.revoke(callerOf(request), request.params.app, request.params.user);
    },
  });
}
