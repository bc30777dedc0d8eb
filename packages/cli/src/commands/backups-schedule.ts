import { backupPaths, type BackupSchedule } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";

/** Reads a --keep-* value: a whole number, 0 when absent. */
function keep(value: string | undefined, option: string): number {
  if (value === undefined) return 0;
  if (!/^\d{1,4}$/.test(value)) throw usageError(`hop3 backups:schedule: --${option} ${JSON.stringify(value.slice(0, 20))} is not a whole number.`, "backups:schedule");
  return Number(value);
}

/** `hop3 backups:schedule APP "CRON" --keep-daily N --keep-weekly N --keep-monthly N` (or --off). */
export const backupsScheduleCommand = defineCommand({
  name: "backups:schedule",
  summary: "Back an app up on a cron schedule (server time); after each run Hop3 removes the backups the --keep-* rules do not keep",
  options: {
    json: jsonOption,
    "keep-daily": { type: "string", valueName: "N", description: "Keep the newest backup of each of the last N days" },
    "keep-weekly": { type: "string", valueName: "N", description: "Keep the newest backup of each of the last N weeks" },
    "keep-monthly": { type: "string", valueName: "N", description: "Keep the newest backup of each of the last N months" },
    off: { type: "boolean", description: "Remove the schedule (the backups stay)" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "CRON", required: false, description: 'Five-field cron expression, e.g. "0 3 * * *" (every day at 03:00)' },
  ],
  async run({ args, options }, { client }): Promise<BackupSchedule | { app: string; off: true }> {
    const api = await client();
    if (options.off === true) {
      await api.json<undefined>("DELETE", backupPaths.schedule(args.APP));
      return { app: args.APP, off: true };
    }
    if (args.CRON === undefined) throw usageError("hop3 backups:schedule: give a cron expression (e.g. \"0 3 * * *\"), or --off.", "backups:schedule");
    const body: BackupSchedule = { cron: args.CRON, keepDaily: keep(options["keep-daily"], "keep-daily"), keepWeekly: keep(options["keep-weekly"], "keep-weekly"), keepMonthly: keep(options["keep-monthly"], "keep-monthly") };
    return api.json<BackupSchedule>("PUT", backupPaths.schedule(args.APP), body);
  },
  render(result) {
    if ("off" in result) return `Removed the backup schedule of ${result.app}; its backups stay.`;
    return `Backups run at "${result.cron}", keeping ${result.keepDaily} daily, ${result.keepWeekly} weekly and ${result.keepMonthly} monthly.`;
  },
});
