import { setTimeout as sleep } from "node:timers/promises";
import { backupPaths, Hop3Error, type Backup } from "@hop3/contract";
import { defineCommand, jsonOption, type CommandContext } from "../command.ts";
import { formatBytes } from "../format/bytes.ts";
import { backupContents } from "./backups.ts";

/** How often a running backup is asked how far it is. */
const pollMs = 1000;

type Progress = { type: "new-repository"; location: string; password: string } | { type: "step"; part: string; percent: number };

/** `hop3 backups:create APP`: backs the app up now and waits for the end; exits non-zero if it failed. */
export const backupsCreateCommand = defineCommand({
  name: "backups:create",
  summary: "Back an app up now (data directory, release, config vars, domains, scale) and wait for the end; exits non-zero if it failed",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client, progress }: CommandContext<Progress>): Promise<Backup> {
    const api = await client();
    let backup = await api.json<Backup>("POST", backupPaths.list(args.APP));
    if (backup.newRepository) progress({ type: "new-repository", location: backup.newRepository.location, password: backup.newRepository.password });
    let shown = "";
    while (backup.status === "running") {
      const step = backup.progress ? `${backup.progress.part} ${backup.progress.percent}` : "";
      if (backup.progress && step !== shown) progress({ type: "step", part: backup.progress.part, percent: backup.progress.percent });
      shown = step;
      await sleep(pollMs);
      backup = await api.json<Backup>("GET", backupPaths.one(args.APP, backup.id));
    }
    if (backup.status !== "succeeded") {
      throw new Hop3Error("BACKUP_FAILED", `Backup ${backup.id} of "${args.APP}" failed: ${backup.reason ?? "no reason was recorded"}`);
    }
    return backup;
  },
  renderProgress(event: Progress) {
    if (event.type === "step") return { stream: "stderr", text: `-----> ${event.part === "upload" ? "Storing in the repository" : `Staging ${event.part}`} ${event.percent > 0 ? `(${event.percent}%)` : ""}`.trimEnd() };
    return [
      { stream: "stderr", text: `-----> Created the backup repository ${event.location}` },
      { stream: "stderr", text: `warning: its password is shown this once; keep it somewhere else, or the backups cannot be read after losing this server (hop3-server restore --repo needs it):` },
      { stream: "stderr", text: `       ${event.password}` },
    ];
  },
  render(backup) {
    return `Backup ${backup.id} of ${backup.app} succeeded: ${formatBytes(backup.bytes ?? 0)} (${formatBytes(backup.added ?? 0)} added to the repository); holds ${backupContents(backup)}.`;
  },
});
