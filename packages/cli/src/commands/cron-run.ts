import { setTimeout as sleep } from "node:timers/promises";
import { cronPaths, Hop3Error, type CronJobList, type CronRun, type CronRunStarted } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import type { ApiClient } from "../http/api-client.ts";

/** How often the end of the run is asked for. */
const pollMs = 1000;

/** `hop3 cron:run APP JOB`: starts a scheduled job now and waits for it to end. */
export const cronRunCommand = defineCommand({
  name: "cron:run",
  summary: "Run one of an app's scheduled jobs now and wait for it to end; exits non-zero if the job fails (its output: `hop3 logs APP -p cron`)",
  options: {
    json: jsonOption,
    detach: { type: "boolean", short: "d", description: "Return once the job has started, without waiting for its end" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "JOB", required: true, description: "The job's name from `hop3 cron:list`, e.g. cron.1 (or just 1)" },
  ],
  async run({ args, options }, { client }): Promise<CronRun | CronRunStarted> {
    const api = await client();
    const started = await api.json<CronRunStarted>("POST", cronPaths.runs(args.APP, args.JOB));
    if (options.detach === true) return started;
    const run = await waitForEnd(api, started);
    if (run.exitCode !== 0) {
      const how = run.timedOut ? "was killed at the server's command timeout" : run.exitCode === null ? `was killed by ${run.signal ?? "a signal"}` : `exited with code ${run.exitCode}`;
      throw new Hop3Error("CRON_JOB_FAILED", `Cron job ${run.job} of "${started.app}" ${how} after ${seconds(run)}.`, {
        hint: `Read its output with \`hop3 logs ${started.app} -p cron\`.`,
      });
    }
    return run;
  },
  render(result) {
    if (!("exitCode" in result)) return `Started ${result.job} of ${result.app}; follow it with \`hop3 logs ${result.app} -p cron\`.`;
    return `Ran ${result.job}: exit code 0 in ${seconds(result)}.`;
  },
});

/** Polls the app's jobs until this run is the job's last run. */
async function waitForEnd(api: ApiClient, started: CronRunStarted): Promise<CronRun> {
  for (;;) {
    await sleep(pollMs);
    const list = await api.json<CronJobList>("GET", cronPaths.jobs(started.app));
    const job = list.jobs.find((candidate) => candidate.name === started.job);
    const last = job?.lastRun;
    if (last && last.startedAt >= started.startedAt && job?.running?.startedAt !== started.startedAt) return last;
    if (!job) throw new Hop3Error("CRON_JOB_NOT_FOUND", `The job ${started.job} is gone from "${started.app}" (a deploy changed its jobs); its run went on.`);
  }
}

function seconds(run: CronRun): string {
  return `${((run.durationMs ?? 0) / 1000).toFixed(1)}s`;
}
