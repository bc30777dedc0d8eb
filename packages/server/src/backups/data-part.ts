import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { Hop3Error } from "@hop3/contract";
import type { StateLayout } from "../config/state-layout.ts";
import { appTree } from "../host/app-tree.ts";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";
import type { BackupPart, BackupPartContext, RestoredPart } from "./backup-part.ts";

/** The archive of the data directory in the part's staging directory. */
const archive = "data.tar";

/** A data directory of many gigabytes takes a while to read, never forever. */
const tarTimeoutMs = 6 * 60 * 60 * 1000;

/**
 * The app's data directory. Read by `tar` running as the app (in its sandbox), which writes
 * the archive to a pipe the daemon saves: links are archived as links, so a link the app
 * planted makes no process read what the app itself may not (the daemon's group can read
 * every app's tree, ADR 31: reading as the daemon would let one app's backup carry another's
 * files). Restored the same way, as the app, into a fresh directory; the previous one is kept
 * beside it until the restore stands.
 */
export function dataPart(layout: StateLayout): BackupPart {
  return {
    name: "data",
    async dump({ app, runAs, dir }: BackupPartContext) {
      const out = createWriteStream(join(dir, archive), { mode: 0o600 });
      const result = await runCommand({ argv: ["tar", "-c", "-f", "-", "-C", layout.dataDir(app.name), "."], cwd: "/", env: systemEnv, runAs, stdout: out, timeoutMs: tarTimeoutMs });
      await finished(out);
      if (result.exitCode !== 0) {
        throw new Hop3Error("BACKUP_FAILED", `Reading the data directory of "${app.name}" failed (tar exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
      }
    },
    async restore({ app, runAs, dir }: BackupPartContext): Promise<RestoredPart> {
      const data = layout.dataDir(app.name);
      const previous = `${data}.before-restore`;
      await appTree.remove(runAs, [previous]);
      await appTree.makeDirs(runAs, [data]);
      await appTree.move(runAs, data, previous);
      const undo = async () => {
        await appTree.remove(runAs, [data]);
        await appTree.move(runAs, previous, data);
      };
      try {
        await appTree.makeFreshDir(runAs, data);
        const result = await appTree.unpack(runAs, data, createReadStream(join(dir, archive)), AbortSignal.timeout(tarTimeoutMs));
        if (result.exitCode !== 0) throw new Hop3Error("BACKUP_RESTORE_FAILED", `Unpacking the data directory of "${app.name}" failed (tar exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
      } catch (error) {
        await undo();
        throw error;
      }
      return { undo, commit: () => appTree.remove(runAs, [previous]) };
    },
  };
}
