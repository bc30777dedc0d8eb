import { streamEvents } from "../stream-events.ts";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, NewAppNameBody, deployEventContentType, type DeployEvent } from "@hop3/contract";

type Run = (emit: (event: DeployEvent) => void) => Promise<boolean>;

/** What the rename and clone routes need from the services. */
export interface RenameRoutesDeps {
  readonly rename: { prepare(from: string, to: string): Run };
  readonly clone: { prepare(from: string, to: string): Run };
}

type Request = { Params: Static<typeof AppParams>; Body: Static<typeof NewAppNameBody> };
const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const stream = { 200: { description: "Stream of deploy events", content: { [deployEventContentType]: { schema: Type.String() } } } };
const events = `Response: ${deployEventContentType}, one DeployEvent per line (the build of the new release, as for a deploy), ending with \`succeeded\` or \`failed\`. Errors found before anything changes (unknown app, invalid or taken name, a deploy in progress) are plain HTTP errors.`;

export function renameRoutes(app: FastifyInstance, deps: RenameRoutesDeps): void {
  app.post<Request>("/v1/apps/:app/rename", {
    config: { permission: "app:manage" },
    schema: {
      tags: ["apps"],
      security: [{ bearer: [] }],
      summary: "Rename an app, keeping its releases, config vars, data, addons, git repository and Unix account",
      description: `The current release is built again under the new name and takes over through the health-checked switch; then the old hostname stops answering. ${events}`,
      params: AppParams,
      body: Type.Ref(NewAppNameBody),
      response: { ...stream, ...errors },
    },
    handler: async (request, reply) => streamEvents(reply, deps.rename.prepare(request.params.app, request.body.name)),
  });
  app.post<Request>("/v1/apps/:app/clone", {
    config: { permission: "apps:create" },
    schema: {
      tags: ["apps"],
      security: [{ bearer: [] }],
      summary: "Create a new app from an existing one: a copy of its config vars, data and addons, its current release built again",
      description: `The new app gets its own Unix account, port and hostname, and a new addon with a copy of the data of each addon attached to the source (same prefix); the source app is not changed. ${events}`,
      params: AppParams,
      body: Type.Ref(NewAppNameBody),
      response: { ...stream, ...errors },
    },
    handler: async (request, reply) => streamEvents(reply, deps.clone.prepare(request.params.app, request.body.name)),
  });
}
