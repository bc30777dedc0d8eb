import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, CronJobList, CronJobParams, CronRunStarted, ErrorResponse } from "@hop3/contract";
import type { CronScheduler } from "../../cron/cron-scheduler.ts";

const secured = { tags: ["apps"], security: [{ bearer: [] }] };
const error = Type.Ref(ErrorResponse);

/** The scheduled jobs of an app: list them, run one now. */
export function cronRoutes(app: FastifyInstance, scheduler: Pick<CronScheduler, "list" | "runNow">): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/cron", {
    config: { permission: "app:read" },
    schema: {
      ...secured,
      summary: "List the scheduled jobs of an app's current release, with their next, running and last runs",
      params: AppParams,
      response: { 200: Type.Ref(CronJobList), 401: error, 404: error },
    },
    handler: async (request) => scheduler.list(request.params.app),
  });

  app.post<{ Params: Static<typeof CronJobParams> }>("/v1/apps/:app/cron/:job/runs", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Run a scheduled job now",
      description:
        "Starts the job as the app, in its current release, with its environment (even while the app's jobs are paused), and answers 202 once it is running. " +
        "Its output goes to the app's logs (instance `cron.<name>`); `GET /v1/apps/{app}/cron` shows it running, then its exit code as the job's last run. " +
        "CRON_JOB_RUNNING (409) while a run of the same job is going: runs of a job never overlap.",
      params: CronJobParams,
      response: { 202: Type.Ref(CronRunStarted), 401: error, 404: error, 409: error },
    },
    handler: async (request, reply) => {
      const { started } = await scheduler.runNow(request.params.app, request.params.job);
      return reply.status(202).send(started);
    },
  });
}
