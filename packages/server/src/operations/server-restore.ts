import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hop3Error, type ServerRestoreAccess, type ServerRestoreAccessBody, type ServerRestoreBody, type ServerRestorePlan } from "@hop3/contract";
import type { ConfigCipher } from "../configvars/config-cipher.ts";
import type { RepositoryPassword } from "../backups/repository-password.ts";
import type { ResticRepository } from "../backups/restic-repository.ts";
import type { S3Credentials } from "../backups/s3-credentials.ts";
import { keysOfServerSnapshot, latestServerSnapshot, serverTag } from "./server-state-backup.ts";
import type { AccessRestore } from "./access-restore.ts";
import { readLostAccess } from "./lost-access.ts";

export interface ServerRestoreDeps {
  /** What makes the server not fresh: its apps and addons, by name. */
  readonly existing: () => Promise<{ readonly apps: readonly string[]; readonly addons: readonly string[] }>;
  readonly password: Pick<RepositoryPassword, "exists" | "install" | "discard" | "read" | "file">;
  /** Where the key of an `s3:` repository is kept (ADR 76). */
  readonly s3?: Pick<S3Credentials, "install" | "file">;
  readonly repository: Pick<ResticRepository, "location" | "relocate" | "snapshots" | "restore">;
  /** The `backup-repository` setting (empty: not set). */
  readonly configuredLocation: string;
  /** Where the adopted repository's location is kept for the next starts (see `adoptedLocation`). */
  readonly locationFile: string;
  readonly cipher: Pick<ConfigCipher, "addFormerKey">;
  /** The daemon's own directory where the server-level snapshot is restored, then removed. */
  readonly restoreDir: string;
  /** Brings the lost server's users, roles, keys and tokens in (ADR 83). */
  readonly access: Pick<AccessRestore, "restore">;
}

/**
 * The first half of `hop3-server restore --repo` (ADR 70), on a fresh server: the lost server's
 * repository is adopted — its password kept 0600, its location kept for the next starts — and
 * the config key of its newest server-level snapshot kept as a former key, so the config vars
 * sealed in its apps' backups decrypt here. Answers the apps to bring back, which the caller
 * then restores one by one (`BackupRecovery`), so it can show each as it goes. Nothing is kept
 * when the repository cannot be read.
 */
export class ServerRestore {
  readonly #deps: ServerRestoreDeps;

  constructor(deps: ServerRestoreDeps) {
    this.#deps = deps;
  }

  async plan(body: ServerRestoreBody): Promise<ServerRestorePlan> {
    const { password, repository, cipher } = this.#deps;
    const location = body.repository.trim();
    await this.#refuseUnlessFresh(location, body.password);
    if (!location.startsWith("/") && !location.startsWith("sftp:") && !/^s3:https?:\/\/[^/]+\/[^/]/.test(location)) {
      throw new Hop3Error("BACKUP_REPOSITORY_UNREADABLE", `The repository "${location}" is neither an absolute path, sftp:USER@HOST:/PATH nor s3:http(s)://HOST/BUCKET.`);
    }
    const before = repository.location;
    const installed = !password.exists();
    if (installed) password.install(body.password);
    // The key it was given replaces the one in the credentials file; put back if the repository cannot be read.
    const undoKey = body.s3 && location.startsWith("s3:") && this.#deps.s3 ? this.#deps.s3.install(body.s3) : () => undefined;
    repository.relocate(location);
    let snapshots;
    try {
      snapshots = await repository.snapshots();
    } catch (error) {
      if (installed) password.discard();
      undoKey();
      repository.relocate(before);
      throw new Hop3Error("BACKUP_REPOSITORY_UNREADABLE", `The repository ${location} could not be read: ${(error as Error).message}`);
    }
    writeFileSync(this.#deps.locationFile, `${JSON.stringify({ location })}\n`, { mode: 0o600 });
    const server = latestServerSnapshot(snapshots);
    let configKey = false;
    if (server) {
      const into = join(this.#deps.restoreDir, "server-state");
      try {
        rmSync(into, { recursive: true, force: true });
        await repository.restore(server.id, into);
        const [key, ...former] = keysOfServerSnapshot(join(into, server.paths[0] ?? ""));
        if (key) {
          cipher.addFormerKey(key);
          configKey = true;
        }
        for (const old of former) cipher.addFormerKey(old);
      } finally {
        rmSync(into, { recursive: true, force: true });
      }
    }
    const apps = new Set(snapshots.flatMap((snapshot) => snapshot.tags.filter((tag) => tag.startsWith("app:")).map((tag) => tag.slice(4))));
    return { repository: location, server: server ? { snapshot: server.id, time: new Date(server.time).toISOString(), configKey } : null, apps: [...apps].sort() };
  }

  /**
   * The second half (ADR 83), once the apps are back: the users, app roles, SSH keys and API
   * tokens of the lost server, from the database copy in the plan's server-level snapshot.
   * Only on a server whose repository was adopted by a restore.
   */
  async access(body: ServerRestoreAccessBody): Promise<ServerRestoreAccess> {
    const { repository, locationFile } = this.#deps;
    const location = adoptedLocation(locationFile);
    if (location === null || location !== repository.location) {
      throw new Hop3Error("RESTORE_TARGET_NOT_EMPTY", "This server's backup repository was not adopted by `hop3-server restore`: there is no lost server to bring users back from.");
    }
    const server = (await repository.snapshots()).find((snapshot) => snapshot.id === body.snapshot && snapshot.tags.includes(serverTag) && snapshot.paths.length === 1);
    if (!server) {
      throw new Hop3Error("BACKUP_NOT_FOUND", `The repository ${location} holds no server-level snapshot ${body.snapshot}.`, { hint: "Give the snapshot of the plan (`server.snapshot` of POST /v1/server/restore)." });
    }
    const into = join(this.#deps.restoreDir, "server-access");
    try {
      rmSync(into, { recursive: true, force: true });
      await repository.restore(server.id, into);
      const copy = join(into, server.paths[0] ?? "", "hop3.db");
      if (!existsSync(copy)) throw new Hop3Error("BACKUP_REPOSITORY_UNREADABLE", `The server-level snapshot ${server.id} of ${location} holds no database copy (hop3.db).`);
      const restored = await this.#deps.access.restore(readLostAccess(copy));
      return { repository: location, snapshot: server.id, ...restored };
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  }

  /** A fresh server only: no app, no addon, no repository of its own — unless a restore from this very repository was begun. */
  async #refuseUnlessFresh(location: string, secret: string): Promise<void> {
    const { existing, password, configuredLocation, locationFile } = this.#deps;
    const { apps, addons } = await existing();
    if (apps.length > 0 || addons.length > 0) {
      const named = [...apps.map((app) => `app "${app}"`), ...addons.map((addon) => `addon "${addon}"`)];
      throw new Hop3Error("RESTORE_TARGET_NOT_EMPTY", `This server is not fresh: it has ${named.slice(0, 5).join(", ")}${named.length > 5 ? ` and ${named.length - 5} more` : ""}.`, {
        hint: "Restore onto a fresh server (`hop3-server setup` on a new state root); to bring back only the apps missing here, run `hop3 backups:recover`.",
      });
    }
    if (configuredLocation !== "" && configuredLocation !== location) {
      throw new Hop3Error("RESTORE_TARGET_NOT_EMPTY", `The server setting backup-repository names another repository (${configuredLocation}).`, { hint: "Unset backup-repository (or set it to the repository to restore from) and restart the server." });
    }
    if (password.exists() && !(adoptedLocation(locationFile) === location && password.read() === secret)) {
      throw new Hop3Error("RESTORE_TARGET_NOT_EMPTY", `This server has a backup repository of its own (${password.file}).`, { hint: "Restore onto a fresh server, whose first backup has not been made yet." });
    }
  }
}

/** The repository a disaster recovery adopted (kept across restarts), or null. */
export function adoptedLocation(locationFile: string): string | null {
  if (!existsSync(locationFile)) return null;
  const { location } = JSON.parse(readFileSync(locationFile, "utf8")) as { location?: unknown };
  return typeof location === "string" && location !== "" ? location : null;
}
