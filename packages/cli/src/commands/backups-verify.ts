import { backupPaths, type BackupVerified } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

/** `hop3 backups:verify APP`: restic check, then a restore drill into a throwaway app. */
export const backupsVerifyCommand = defineCommand({
  name: "backups:verify",
  summary: "Check the backup repository, then restore the app's latest backup into a throwaway app that must pass its health check (removed after)",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<BackupVerified>("POST", backupPaths.verify(args.APP));
  },
  render(verified) {
    return `Verified backup ${verified.backup} of ${verified.app}: the repository has no errors, and it restored as ${verified.drill.app} (release ${verified.drill.release}, healthy after ${verified.drill.seconds}s; removed).`;
  },
});
