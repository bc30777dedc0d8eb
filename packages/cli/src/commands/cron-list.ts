import { cronPaths, type CronJobList, type CronRun } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** `hop3 cron:list APP`: the scheduled jobs of the app's current release. */
export const cronListCommand = defineCommand({
  name: "cron:list",
  summary: "List an app's scheduled jobs (Procfile cron: lines, hop3.toml [cron.NAME]) with their next and last runs",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<CronJobList>("GET", cronPaths.jobs(args.APP));
  },
  render({ app, paused, jobs }) {
    if (jobs.length === 0) return `${app} has no scheduled jobs. Add a Procfile line such as \`cron: */5 * * * * ./job.sh\`.`;
    const table = formatTable(
      ["JOB", "SCHEDULE", "NEXT RUN (UTC)", "LAST RUN (UTC)", "RESULT", "RUNNING", "COMMAND"],
      jobs.map((job) => [
        job.name,
        job.schedule,
        job.nextRun === null ? "paused" : shownTime(job.nextRun),
        job.lastRun === null ? "-" : shownTime(job.lastRun.startedAt),
        job.lastRun === null ? "-" : result(job.lastRun),
        job.running === null ? "no" : `since ${shownTime(job.running.startedAt).slice(11)}`,
        job.command,
      ]),
    );
    return paused ? `${table}\n${app}'s jobs are paused (hop3 ps:stop); \`hop3 ps:start ${app}\` resumes them.` : table;
  },
});

function shownTime(iso: string): string {
  return iso.replace("T", " ").slice(0, 19);
}

/** `exit 0 in 1.2s`, `killed (timeout)`, `exit ? (ended unwatched)`. */
function result(run: CronRun): string {
  const took = run.durationMs === null ? "" : ` in ${(run.durationMs / 1000).toFixed(1)}s`;
  if (run.timedOut) return `killed at timeout${took}`;
  if (run.exitCode !== null) return `exit ${run.exitCode}${took}`;
  return run.signal ? `killed by ${run.signal}${took}` : "unknown (server restarted)";
}
