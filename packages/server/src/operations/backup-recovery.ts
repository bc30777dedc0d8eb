import { Hop3Error, type BackupRecovery as Recovered } from "@hop3/contract";
import type { AppService } from "../apps/app-service.ts";
import type { RepositoryPassword } from "../backups/repository-password.ts";
import type { ResticRepository } from "../backups/restic-repository.ts";
import type { BackupRestore } from "./backup-restore.ts";

export interface BackupRecoveryDeps {
  readonly apps: Pick<AppService, "find">;
  readonly repository: Pick<ResticRepository, "snapshots" | "location">;
  readonly password: Pick<RepositoryPassword, "exists" | "file">;
  readonly restore: Pick<BackupRestore, "recreate">;
}

/**
 * `hop3 backups:recover` (ADR 47), disaster recovery: on a new server given the old one's
 * repository, its password and its config key, every app the repository has a backup of and
 * this server has not is brought back from its latest snapshot, from the repository alone
 * (this server's records are not needed). Apps this server has are left alone.
 */
export class BackupRecovery {
  readonly #deps: BackupRecoveryDeps;

  constructor(deps: BackupRecoveryDeps) {
    this.#deps = deps;
  }

  /** Every app of the repository, or only `only` (`hop3-server restore` brings them back one by one, to show each). */
  async recover(only?: string): Promise<Recovered> {
    const { apps, repository, password, restore } = this.#deps;
    if (!password.exists()) {
      throw new Hop3Error("BACKUP_FAILED", `There is no repository password at ${password.file}.`, {
        hint: "Copy the old server's backup-repository.password (and config.key, and for an s3: repository its backup-s3-credentials) into the new server's secrets/ (0600, the daemon account's), set backup-repository to the old repository, then run this again.",
      });
    }
    const snapshots = await repository.snapshots().catch((error: unknown) => {
      throw new Hop3Error("BACKUP_FAILED", `The repository ${repository.location} could not be read: ${(error as Error).message}`);
    });
    // The newest snapshot of each app (restic lists them oldest first).
    const latest = new Map<string, (typeof snapshots)[number]>();
    for (const snapshot of snapshots) {
      const app = snapshot.tags.find((tag) => tag.startsWith("app:"))?.slice(4);
      if (app && snapshot.paths.length === 1 && (only === undefined || app === only)) latest.set(app, snapshot);
    }
    const results: Recovered["apps"] = [];
    for (const [app, snapshot] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
      if (apps.find(app)) {
        results.push({ app, status: "skipped", backup: null, snapshot: snapshot.id, reason: "the app exists on this server" });
        continue;
      }
      try {
        const restored = await restore.recreate({ app, snapshot: snapshot.id, stagedPath: snapshot.paths[0] ?? "", startedAt: new Date(snapshot.time).toISOString() });
        results.push({ app, status: "restored", backup: restored.backup, snapshot: snapshot.id, reason: null });
      } catch (error) {
        results.push({ app, status: "failed", backup: null, snapshot: snapshot.id, reason: (error as Error).message });
      }
    }
    return { repository: repository.location, apps: results };
  }
}
