import { Hop3Error } from "@hop3/contract";
import type { CronJob } from "../core/cron-job.ts";
import type { Hop3Toml } from "./hop3-toml-schema.ts";
import type { Procfile } from "./procfile.ts";

/**
 * The app's scheduled jobs: Procfile `cron:` lines named `cron.1`, `cron.2`… in file order,
 * then hop3.toml `[cron.<name>]` tables named `cron.<name>`. Schedules were checked when the
 * files were parsed; a name given twice is an error naming both places.
 */
export function mergeCronJobs(procfile: Procfile | undefined, toml: { fileName: string; config: Hop3Toml } | undefined): CronJob[] {
  const jobs = new Map<string, { job: CronJob; where: string }>();
  procfile?.cron.forEach((line, index) => {
    const name = `cron.${index + 1}`;
    jobs.set(name, { job: { name, schedule: line.schedule, command: line.command }, where: `${procfile.fileName} line ${line.line}` });
  });
  for (const [key, table] of Object.entries(toml?.config.cron ?? {})) {
    const name = `cron.${key}`;
    const where = `${toml?.fileName ?? "hop3.toml"} [cron.${key}]`;
    const earlier = jobs.get(name);
    if (earlier !== undefined) {
      throw new Hop3Error("APP_CONFIG_INVALID", `cron job "${name}" is defined twice: ${earlier.where} and ${where}; give the hop3.toml job another name`);
    }
    jobs.set(name, { job: { name, schedule: table.schedule, command: table.command }, where });
  }
  return [...jobs.values()].map((entry) => entry.job);
}
