import { backupPaths, Hop3Error, type BackupRecovery } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** `hop3 backups:recover`: disaster recovery onto a new server; exits non-zero if an app could not be brought back. */
export const backupsRecoverCommand = defineCommand({
  name: "backups:recover",
  summary: "Disaster recovery: bring back every app of the backup repository this server does not have, from its latest backup (docs/backups.md)",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    const recovered = await (await client()).json<BackupRecovery>("POST", backupPaths.recover);
    const failed = recovered.apps.filter((app) => app.status === "failed");
    if (failed.length > 0) {
      throw new Hop3Error("BACKUP_RESTORE_FAILED", `Recovering from ${recovered.repository}: ${failed.map((app) => `"${app.app}" failed: ${app.reason ?? "no reason"}`).join("; ")}`);
    }
    return recovered;
  },
  render(recovered) {
    if (recovered.apps.length === 0) return `The repository ${recovered.repository} holds no backup of an app.`;
    const rows = recovered.apps.map((app) => [app.app, app.status, app.snapshot.slice(0, 8), app.reason ?? ""]);
    return `Recovered from ${recovered.repository}:\n${formatTable(["APP", "STATUS", "SNAPSHOT", "NOTE"], rows)}`;
  },
});
