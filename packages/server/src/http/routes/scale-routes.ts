import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, ProcessList, ScaleBody } from "@hop3/contract";
import type { AppService } from "../../apps/app-service.ts";
import type { ProcessControl } from "../../operations/process-control.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse), 422: Type.Ref(ErrorResponse) };

/** `POST /v1/apps/:app/processes/scale`: how many instances of each process type run. */
export function scaleRoutes(app: FastifyInstance, deps: { readonly apps: AppService; readonly control: ProcessControl }): void {
  app.post<{ Params: Static<typeof AppParams>; Body: ScaleBody }>("/v1/apps/:app/processes/scale", {
    config: { permission: "app:deploy" },
    schema: {
      tags: ["apps"],
      security: [{ bearer: [] }],
      summary: "Scale an app's process types: run N instances of each named type (0 runs none)",
      description:
        "Kept across deploys, rollbacks, restarts and server restarts. New web instances join the load balancer once healthy; " +
        "the highest indexes leave it, drain, then stop. A web process scaled to 0 makes the app answer 503. Answers with the app's instances.",
      params: AppParams,
      body: Type.Ref(ScaleBody),
      response: { 200: Type.Ref(ProcessList), ...errors },
    },
    handler: async (request) => {
      await deps.control.scale(request.params.app, request.body.scale);
      const info = deps.apps.info(request.params.app);
      return { app: info.name, instances: info.instances };
    },
  });
}
