import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { Hop3Error } from "@hop3/contract";
import type { StateLayout } from "../config/state-layout.ts";
import type { RunAs } from "../core/app-identity.ts";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";
import { appTree } from "../host/app-tree.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import { nothingToUndo, type BackupPart, type BackupPartContext } from "../backups/backup-part.ts";

const archive = "release.tar";
const tarTimeoutMs = 6 * 60 * 60 * 1000;

/**
 * The tree of the app's current release (its source and what its build made), read as the
 * app like the data directory. A restore --to builds it again as the new app's release 1,
 * as `apps:clone` does with a live build; an in-place restore keeps the app's current
 * release (restoring older code is a rollback's job), so it has nothing to put back here.
 */
export function releasePart(layout: StateLayout, releases: Pick<ReleaseStore, "current">): BackupPart {
  return {
    name: "release",
    async dump({ app, runAs, dir }: BackupPartContext) {
      const current = releases.current(app.id);
      const out = createWriteStream(join(dir, archive), { mode: 0o600 });
      // Never deployed: an empty archive says so (the config part records no release).
      const argv: [string, ...string[]] = current ? ["tar", "-c", "-f", "-", "-C", layout.releaseDir(app.name, current.buildOf), "."] : ["tar", "-c", "-f", "-", "--files-from=/dev/null"];
      const result = await runCommand({ argv, cwd: "/", env: systemEnv, runAs, stdout: out, timeoutMs: tarTimeoutMs });
      await finished(out);
      if (result.exitCode !== 0) {
        throw new Hop3Error("BACKUP_FAILED", `Reading release ${current?.number ?? "?"} of "${app.name}" failed (tar exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
      }
    },
    restore: async () => nothingToUndo,
  };
}

/** Unpacks a staged release part into a new release's directory, as the app that builds it. */
export async function unpackRelease(partDir: string, into: string, runAs: RunAs | undefined): Promise<void> {
  const result = await appTree.unpack(runAs, into, createReadStream(join(partDir, archive)), AbortSignal.timeout(tarTimeoutMs));
  if (result.exitCode !== 0) throw new Hop3Error("BACKUP_RESTORE_FAILED", `Unpacking the backed-up release failed (tar exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
}
