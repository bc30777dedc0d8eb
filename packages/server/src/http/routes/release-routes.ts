import { streamEvents } from "../stream-events.ts";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, RedeployBody, ReleaseList, ReleaseOutput, ReleaseParams, RollbackBody, deployEventContentType, Hop3Error, type DeployEvent } from "@hop3/contract";
import type { AppService } from "../../apps/app-service.ts";
import type { RollbackService } from "../../operations/rollback-service.ts";
import type { ReleaseSboms } from "../../releases/release-sboms.ts";

/** What the release routes need from the services. */
export interface ReleaseRoutesDeps {
  readonly apps: AppService;
  readonly rollbacks: RollbackService;
  /** operations/app-redeploy.ts: checks and takes the app's lock, then builds (ADR 81). */
  readonly redeploys: { prepare(app: string): (emit: (event: DeployEvent) => void) => Promise<boolean> };
  readonly list: (app: string) => Static<typeof ReleaseList>;
  readonly output: (app: string, release: number) => string | null;
  readonly sboms: Pick<ReleaseSboms, "of" | "diff">;
}

const errors = { 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const secured = { tags: ["releases"], security: [{ bearer: [] }] };

export function releaseRoutes(app: FastifyInstance, deps: ReleaseRoutesDeps): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/releases", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "List an app's releases, newest first", params: AppParams, response: { 200: Type.Ref(ReleaseList), ...errors } },
    handler: async (request) => deps.list(request.params.app),
  });
  app.get<{ Params: Static<typeof ReleaseParams> }>("/v1/apps/:app/releases/:release/output", {
    config: { permission: "app:read" },
    schema: {
      ...secured,
      summary: "The build and deploy output of a release, as it was streamed",
      params: ReleaseParams,
      response: { 200: Type.Ref(ReleaseOutput), ...errors },
    },
    handler: async (request) => {
      deps.apps.require(request.params.app);
      const output = deps.output(request.params.app, request.params.release);
      if (output === null) throw new Hop3Error("RELEASE_NOT_FOUND", `App "${request.params.app}" has no output for release ${request.params.release}.`);
      return { app: request.params.app, release: request.params.release, output };
    },
  });
  app.post<{ Params: Static<typeof AppParams>; Body: Static<typeof RollbackBody> }>("/v1/apps/:app/rollbacks", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Run a kept release again (its build and configuration), through the health-checked switch",
      description: `Response: ${deployEventContentType}, one DeployEvent per line, ending with \`succeeded\` or \`failed\`.`,
      params: AppParams,
      body: Type.Ref(RollbackBody),
      response: { 200: { description: "Stream of deploy events", content: { [deployEventContentType]: { schema: Type.String() } } }, ...errors },
    },
    handler: async (request, reply) => {
      return streamEvents(reply, deps.rollbacks.prepare(request.params.app, request.body?.release));
    },
  });
  app.post<{ Params: Static<typeof AppParams>; Body: Static<typeof RedeployBody> }>("/v1/apps/:app/redeploy", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Build the source of the app's current release again as a new release, through the deploy pipeline",
      description:
        "With the app's config vars and addon bindings as they are now and the server's current toolchains; release phase, health check and switch as a deploy. " +
        `A failed build or health check leaves the current release serving. Response: ${deployEventContentType}, one DeployEvent per line, ending with \`succeeded\` or \`failed\`. ` +
        "Errors found before anything changes (unknown app, no release yet: APP_NOT_DEPLOYED, a deploy in progress) are plain HTTP errors.",
      params: AppParams,
      body: Type.Ref(RedeployBody),
      response: { 200: { description: "Stream of deploy events", content: { [deployEventContentType]: { schema: Type.String() } } }, ...errors },
    },
    handler: async (request, reply) => streamEvents(reply, deps.redeploys.prepare(request.params.app)),
  });
}
