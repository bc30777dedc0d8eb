import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AddSshKeyBody, ErrorResponse, SshKey, SshKeyList, SshKeyParams, keyPaths } from "@hop3/contract";
import type { KeyService } from "../../keys/key-service.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["keys"], security: [{ bearer: [] }] };

export function keysRoutes(app: FastifyInstance, keys: KeyService): void {
  app.get(keyPaths.keys, {
    config: { permission: "keys:read" },
    schema: { ...secured, summary: "List the SSH keys allowed to git push and run commands over SSH", response: { 200: Type.Ref(SshKeyList), 401: error } },
    handler: async () => ({ keys: keys.list() }),
  });
  app.post<{ Body: Static<typeof AddSshKeyBody> }>(keyPaths.keys, {
    config: { permission: "keys:write" },
    schema: { ...secured, summary: "Add an SSH public key", body: Type.Ref(AddSshKeyBody), response: { 201: Type.Ref(SshKey), 400: error, 401: error, 409: error } },
    handler: async (request, reply) => reply.status(201).send(await keys.add(request.body.name, request.body.publicKey)),
  });
  app.delete<{ Params: Static<typeof SshKeyParams> }>("/v1/keys/:key", {
    config: { permission: "keys:write" },
    schema: { ...secured, summary: "Remove an SSH key (by id or name); it can no longer log in", params: SshKeyParams, response: { 200: Type.Ref(SshKey), 401: error, 404: error } },
    handler: async (request) => keys.remove(request.params.key),
  });
}
