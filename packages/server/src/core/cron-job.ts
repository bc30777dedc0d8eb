/** A scheduled job of a release: a shell command run as the app on a cron schedule. */
export interface CronJob {
  /** `cron.1`, `cron.2`… for Procfile lines (in file order), `cron.<key>` for hop3.toml `[cron.<key>]`; also its log instance. */
  readonly name: string;
  /** Five cron fields (`0 3 * * *`) or a nickname (`@hourly`), in the server's time zone. */
  readonly schedule: string;
  /** Run by /bin/sh in the release directory. */
  readonly command: string;
}

/** What `hop3 ps:stop APP cron` (and `ps:stop APP`) pauses: the app's scheduled jobs, as one pseudo process type. */
export const cronProcessType = "cron";
