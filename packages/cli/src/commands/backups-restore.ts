import { backupPaths, type BackupRestored } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 backups:restore APP ID [--to NEWAPP]`. */
export const backupsRestoreCommand = defineCommand({
  name: "backups:restore",
  summary: "Restore a backup in place (the app stops, gets its data and config back, restarts through its health check) or into a new app with --to",
  options: {
    json: jsonOption,
    to: { type: "string", valueName: "NEWAPP", description: "Restore into a new app of this name (built from the backup's release); the app itself is untouched" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app the backup was made of" },
    { name: "ID", required: true, description: "The backup's id (`hop3 backups APP`)" },
  ],
  async run({ args, options }, { client }) {
    const id = Number(args.ID);
    if (!Number.isInteger(id) || id < 1) throw usageError(`hop3 backups:restore: ${JSON.stringify(args.ID.slice(0, 40))} is not a backup id (a whole number from \`hop3 backups APP\`).`, "backups:restore");
    return (await client()).json<BackupRestored>("POST", backupPaths.restore(args.APP, id), options.to === undefined ? {} : { to: options.to });
  },
  render(restored) {
    return `Restored backup ${restored.backup} (${restored.parts.join(", ")}) into ${restored.app}: release ${restored.release} serves at ${restored.url}`;
  },
});
