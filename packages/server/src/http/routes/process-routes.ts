import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, ProcessControlBody, ProcessList, processActions } from "@hop3/contract";
import type { AppService } from "../../apps/app-service.ts";
import type { ProcessControl } from "../../operations/process-control.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const secured = { tags: ["apps"], security: [{ bearer: [] }] };

const summaries = {
  stop: "Stop an app's processes (or one type); they stay stopped across server restarts and reboots",
  start: "Start an app's stopped or failed processes (or one type) again",
  restart: "Restart an app's processes (or one type) with new instances; web without downtime",
} as const;

export function processRoutes(app: FastifyInstance, deps: { readonly apps: AppService; readonly control: ProcessControl }): void {
  for (const action of processActions) {
    app.post<{ Params: Static<typeof AppParams>; Body: ProcessControlBody }>(`/v1/apps/:app/processes/${action}`, {
      config: { permission: "app:deploy" },
      schema: { ...secured, summary: summaries[action], params: AppParams, body: Type.Ref(ProcessControlBody), response: { 200: Type.Ref(ProcessList), ...errors } },
      handler: async (request) => {
        await deps.control[action](request.params.app, request.body?.type);
        const info = deps.apps.info(request.params.app);
        return { app: info.name, instances: info.instances };
      },
    });
  }
}
