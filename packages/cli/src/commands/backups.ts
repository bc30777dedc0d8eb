import { backupPaths, type Backup, type BackupList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatBytes } from "../format/bytes.ts";
import { formatTable } from "../format/table.ts";

/** What a backup holds, in one cell: `data 1.2 MB, release 40 KB, config 1 KB`. */
export function backupContents(backup: Backup): string {
  return backup.parts.map((part) => `${part.name} ${formatBytes(part.bytes)}`).join(", ") || "-";
}

/** The status cell: the reason of a failure, the progress of a running backup. */
function statusOf(backup: Backup): string {
  if (backup.status === "failed") return `failed: ${backup.reason ?? "(no reason recorded)"}`;
  if (backup.status === "running" && backup.progress) return `running: ${backup.progress.part} ${backup.progress.percent}%`;
  return backup.status;
}

/** `hop3 backups APP`: the app's backups, newest first. */
export const backupsCommand = defineCommand({
  name: "backups",
  summary: "List an app's backups: id, time, size, what each holds, status (and why one failed)",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<BackupList>("GET", backupPaths.list(args.APP));
  },
  render(list) {
    const schedule = list.schedule
      ? `Schedule: ${list.schedule.cron}, keeping ${list.schedule.keepDaily} daily, ${list.schedule.keepWeekly} weekly, ${list.schedule.keepMonthly} monthly`
      : "Schedule: none (`hop3 backups:schedule APP \"0 3 * * *\" --keep-daily 7`)";
    const last = list.drill?.last;
    const drill = list.drill
      ? `\nRestore drills: ${list.drill.cron}${last ? `, the last one ${last.status === "failed" ? `failed: ${last.reason ?? "(no reason recorded)"}` : "succeeded"} (${last.finishedAt.replace("T", " ").replace(/\.\d+Z$/, "Z")})` : ""}`
      : "";
    const overdue = list.overdue ? "\nwarning: the schedule has made no succeeded backup in twice its interval; see the failed ones below" : "";
    const header = `Backups of ${list.app} in ${list.repository}\n${schedule}${drill}${overdue}`;
    if (list.backups.length === 0) return `${header}\nNo backups yet: make one with \`hop3 backups:create ${list.app}\`.`;
    const rows = list.backups.map((backup) => [
      String(backup.id),
      backup.startedAt.replace("T", " ").replace(/\.\d+Z$/, "Z"),
      backup.bytes === null ? "-" : formatBytes(backup.bytes),
      backup.added === null ? "-" : formatBytes(backup.added),
      backupContents(backup),
      backup.trigger,
      statusOf(backup),
    ]);
    return `${header}\n${formatTable(["ID", "STARTED", "SIZE", "ADDED", "CONTENTS", "BY", "STATUS"], rows)}`;
  },
});
