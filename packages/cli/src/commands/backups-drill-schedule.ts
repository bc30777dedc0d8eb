import { backupPaths, type BackupDrillSchedule } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 backups:drill-schedule APP "CRON"` (or --off): backups:verify on a schedule (ADR 71). */
export const backupsDrillScheduleCommand = defineCommand({
  name: "backups:drill-schedule",
  summary: "Run the restore drill of backups:verify on a cron schedule (server time); a failed drill raises the backup-drill-failed alert",
  options: {
    json: jsonOption,
    off: { type: "boolean", description: "Remove the drill schedule" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "CRON", required: false, description: 'Five-field cron expression, e.g. "0 4 * * 0" (Sundays at 04:00)' },
  ],
  async run({ args, options }, { client }): Promise<(BackupDrillSchedule & { app: string }) | { app: string; off: true }> {
    const api = await client();
    if (options.off === true) {
      await api.json<undefined>("DELETE", backupPaths.drillSchedule(args.APP));
      return { app: args.APP, off: true };
    }
    if (args.CRON === undefined) throw usageError('hop3 backups:drill-schedule: give a cron expression (e.g. "0 4 * * 0"), or --off.', "backups:drill-schedule");
    return { app: args.APP, ...(await api.json<BackupDrillSchedule>("PUT", backupPaths.drillSchedule(args.APP), { cron: args.CRON })) };
  },
  render(result) {
    if ("off" in result) return `Removed the restore drill schedule of ${result.app}.`;
    return `Restore drills of ${result.app} run at "${result.cron}": its latest backup is restored into a throwaway app that must pass its health check.`;
  },
});
