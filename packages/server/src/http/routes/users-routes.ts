import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AddUserBody, ErrorResponse, SetPasswordBody, User, UserList, UserParams, userPaths, Whoami } from "@hop3/contract";
import type { UserService } from "../../operations/user-service.ts";
import { callerOf } from "./caller-of.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["users"], security: [{ bearer: [] }] };
const errors = { 400: error, 401: error, 403: error, 404: error, 409: error };

/** Users (admins), and the caller's own account. */
export function usersRoutes(app: FastifyInstance, users: UserService): void {
  app.get(userPaths.me, {
    config: { permission: "signed-in" },
    schema: { ...secured, summary: "The caller: user, token limits and role on each app", response: { 200: Type.Ref(Whoami), 401: error, 403: error } },
    handler: async (request) => users.whoami(callerOf(request)),
  });
  app.put<{ Body: Static<typeof SetPasswordBody> }>(`${userPaths.me}/password`, {
    config: { permission: "self" },
    schema: { ...secured, summary: "Set the caller's password", body: Type.Ref(SetPasswordBody), response: { 200: Type.Ref(User), ...errors } },
    handler: async (request) => users.setPassword(callerOf(request).user, request.body.password),
  });
  app.get(userPaths.users, {
    config: { permission: "server:read" },
    schema: { ...secured, summary: "List the users", response: { 200: Type.Ref(UserList), 401: error, 403: error } },
    handler: async () => ({ users: users.list() }),
  });
  app.post<{ Body: Static<typeof AddUserBody> }>(userPaths.users, {
    config: { permission: "server:write" },
    schema: { ...secured, summary: "Add a user", body: Type.Ref(AddUserBody), response: { 201: Type.Ref(User), ...errors } },
    handler: async (request, reply) => {
      request.audit = { detail: `${request.body.name}${request.body.admin ? " (admin)" : ""}` };
      return reply.status(201).send(users.add(request.body));
    },
  });
  app.delete<{ Params: Static<typeof UserParams> }>("/v1/users/:user", {
    config: { permission: "server:write" },
    schema: { ...secured, summary: "Remove a user, with their tokens, SSH keys and roles", params: UserParams, response: { 200: Type.Ref(User), ...errors } },
    handler: async (request) => {
      request.audit = { detail: request.params.user };
      return users.remove(request.params.user);
    },
  });
  app.put<{ Params: Static<typeof UserParams>; Body: Static<typeof SetPasswordBody> }>("/v1/users/:user/password", {
    config: { permission: "server:write" },
    schema: { ...secured, summary: "Set a user's password", params: UserParams, body: Type.Ref(SetPasswordBody), response: { 200: Type.Ref(User), ...errors } },
    handler: async (request) => {
      request.audit = { detail: request.params.user };
      return users.setPassword(request.params.user, request.body.password);
    },
  });
}
