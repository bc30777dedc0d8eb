import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { ApiToken, ApiTokenList, CreatedToken, CreateTokenBody, ErrorResponse, TokenParams, userPaths } from "@hop3/contract";
import type { UserService } from "../../operations/user-service.ts";
import { callerOf } from "./caller-of.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["users"], security: [{ bearer: [] }] };
const errors = { 400: error, 401: error, 403: error, 404: error };

/** The caller's API tokens (an admin's: everyone's). */
export function tokensRoutes(app: FastifyInstance, users: UserService): void {
  app.get(userPaths.tokens, {
    config: { permission: "self" },
    schema: { ...secured, summary: "List your API tokens (admins: every token); never their secrets", response: { 200: Type.Ref(ApiTokenList), 401: error, 403: error } },
    handler: async (request) => ({ tokens: users.tokens(callerOf(request)) }),
  });
  app.post<{ Body: Static<typeof CreateTokenBody> }>(userPaths.tokens, {
    config: { permission: "self" },
    schema: { ...secured, summary: "Create an API token, optionally limited to one app, to reading, or in time; its secret is shown only now", body: Type.Ref(CreateTokenBody), response: { 201: Type.Ref(CreatedToken), ...errors } },
    handler: async (request, reply) => {
      const body = request.body;
      request.audit = { detail: [body.name, body.user && `for ${body.user}`, body.app && `app ${body.app}`, body.readOnly && "read-only", body.expiresInDays && `${body.expiresInDays}d`].filter(Boolean).join(", ") };
      return reply.status(201).send(users.createToken(callerOf(request), body));
    },
  });
  app.delete<{ Params: Static<typeof TokenParams> }>("/v1/tokens/:token", {
    config: { permission: "self" },
    schema: { ...secured, summary: "Revoke an API token", params: TokenParams, response: { 200: Type.Ref(ApiToken), ...errors } },
    handler: async (request) => {
      const revoked = users.revokeToken(callerOf(request), Number(request.params.token));
      request.audit = { detail: revoked.name };
      return revoked;
    },
  });
}
