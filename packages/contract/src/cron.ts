import { Type, type Static } from "@sinclair/typebox";

const nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T) => Type.Union([schema, Type.Null()]);
const trigger = Type.Union([Type.Literal("schedule"), Type.Literal("manual")], { description: "schedule: started by its schedule; manual: `hop3 cron:run`" });

/** A finished run of a scheduled job. */
export const CronRun = Type.Object(
  {
    job: Type.String({ description: "The job's name, e.g. cron.1" }),
    startedAt: Type.String({ format: "date-time" }),
    trigger,
    durationMs: nullable(Type.Integer({ minimum: 0, description: "Null when the run ended while no server watched it" })),
    exitCode: nullable(Type.Integer({ description: "Null when the run was killed by a signal or its end was not seen" })),
    signal: nullable(Type.String()),
    timedOut: Type.Boolean({ description: "Killed after the server's command timeout" }),
  },
  { $id: "CronRun" },
);
export type CronRun = Static<typeof CronRun>;

/** The answer to `POST /v1/apps/:app/cron/:job/runs`: the run started; `GET /v1/apps/:app/cron` shows its end. */
export const CronRunStarted = Type.Object(
  { app: Type.String(), job: Type.String({ description: "The job's name, e.g. cron.1" }), startedAt: Type.String({ format: "date-time" }) },
  { $id: "CronRunStarted" },
);
export type CronRunStarted = Static<typeof CronRunStarted>;

/** One scheduled job of an app's current release, with its next and last runs. */
export const CronJobInfo = Type.Object({
  name: Type.String({ description: "cron.1, cron.2… for Procfile lines in order; cron.<name> for hop3.toml [cron.<name>]; also its log instance" }),
  schedule: Type.String({ description: "Five cron fields or a nickname such as @daily, in the server's time zone" }),
  command: Type.String(),
  nextRun: nullable(Type.String({ format: "date-time", description: "Null while the app's jobs are paused" })),
  running: Type.Union([Type.Object({ startedAt: Type.String({ format: "date-time" }), trigger }), Type.Null()]),
  lastRun: Type.Union([Type.Ref(CronRun), Type.Null()]),
});
export type CronJobInfo = Static<typeof CronJobInfo>;

/** `GET /v1/apps/:app/cron`. */
export const CronJobList = Type.Object(
  {
    app: Type.String(),
    paused: Type.Boolean({ description: "True after `hop3 ps:stop APP` or `ps:stop APP cron`, until `ps:start` or the next deploy" }),
    jobs: Type.Array(CronJobInfo),
  },
  { $id: "CronJobList" },
);
export type CronJobList = Static<typeof CronJobList>;

export const CronJobParams = Type.Object({ app: Type.String({ maxLength: 200 }), job: Type.String({ maxLength: 100, description: "A job name such as cron.1 (or just 1)" }) });

/** API paths of scheduled jobs. */
export const cronPaths = {
  jobs: (app: string) => `/v1/apps/${encodeURIComponent(app)}/cron`,
  runs: (app: string, job: string) => `/v1/apps/${encodeURIComponent(app)}/cron/${encodeURIComponent(job)}/runs`,
} as const;
