import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AddSshKeyBody, ErrorResponse, SshKey, SshKeyList, SshKeyParams, keyPaths } from "@hop3/contract";
import type { KeyService } from "../../keys/key-service.ts";
import type { UserService } from "../../operations/user-service.ts";
import { callerOf } from "./caller-of.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["keys"], security: [{ bearer: [] }] };

/** SSH keys: the caller's own (an admin's: everyone's). */
export function keysRoutes(app: FastifyInstance, keys: KeyService, users: UserService): void {
  app.get(keyPaths.keys, {
    config: { permission: "self" },
    schema: { ...secured, summary: "List your SSH keys (admins: every key), allowed to git push and run commands over SSH", response: { 200: Type.Ref(SshKeyList), 401: error } },
    handler: async (request) => ({ keys: keys.list(callerOf(request)) }),
  });
  app.post<{ Body: Static<typeof AddSshKeyBody> }>(keyPaths.keys, {
    config: { permission: "self" },
    schema: { ...secured, summary: "Add an SSH public key", body: Type.Ref(AddSshKeyBody), response: { 201: Type.Ref(SshKey), 400: error, 401: error, 403: error, 404: error, 409: error } },
    handler: async (request, reply) => {
      const owner = users.ownerFor(callerOf(request), request.body.user);
      request.audit = { detail: `${request.body.name} for ${owner.name}` };
      return reply.status(201).send(await keys.add(request.body.name, request.body.publicKey, owner.id));
    },
  });
  app.delete<{ Params: Static<typeof SshKeyParams> }>("/v1/keys/:key", {
    config: { permission: "self" },
    schema: { ...secured, summary: "Remove an SSH key (by id or name); it can no longer log in", params: SshKeyParams, response: { 200: Type.Ref(SshKey), 401: error, 404: error } },
    handler: async (request) => {
      const removed = await keys.remove(request.params.key, callerOf(request));
      request.audit = { detail: `${removed.name} of ${removed.user}` };
      return removed;
    },
  });
}
