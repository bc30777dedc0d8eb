import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Hop3Error, type BackupRestored, type DeployEvent, type ErrorBody } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { ReleaseSource } from "../core/release.ts";
import type { AppService } from "../apps/app-service.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { BackupPart, RestoredPart } from "../backups/backup-part.ts";
import type { BackupRecord, BackupStore } from "../backups/backup-store.ts";
import type { ResticRepository } from "../backups/restic-repository.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import { rerunBuild, type RerunDeps } from "./rerun-build.ts";
import { checkNewName } from "./app-rename.ts";
import { readBackedUpConfig, type BackedUpConfig } from "./backup-config-part.ts";
import { unpackRelease } from "./backup-release-part.ts";
import { manifestFile, type BackupService } from "./backup-service.ts";

export interface BackupRestoreDeps {
  readonly apps: AppService;
  readonly store: BackupStore;
  readonly backups: Pick<BackupService, "claim">;
  readonly repository: ResticRepository;
  /** The parts restored in place and into a new app (the release part is built by `deploys` for a new app). */
  readonly parts: readonly BackupPart[];
  /** The daemon's own directory where snapshots are restored before their parts are put back. */
  readonly restoreDir: string;
  /** Stops the app's instances (its writers) under the restore's own hold of the app's lock. */
  readonly supervisor: Pick<Supervisor, "unitsOf" | "stop">;
  /** Process types stopped on purpose (`ps:stop`) stay stopped after the restore, as after a config restart. */
  readonly stopped: Pick<StoppedProcesses, "typesOf" | "add">;
  readonly routes: Pick<RouteTable, "set">;
  readonly rerun: RerunDeps;
  readonly deploys: Pick<DeployService, "rebuild">;
  readonly locks: AppLocks;
}

/**
 * `hop3 backups:restore APP ID [--to NEWAPP]` (ADR 47). In place: the snapshot is fetched and
 * checked first, then the app's processes are stopped (no writer during the swap), every part
 * is put back, and the current release starts again through the health-checked switch; if any
 * step fails, each part puts back what it replaced and the app starts on its previous state.
 * Into a new app: like `apps:clone`, from the backup instead of a live app.
 */
export class BackupRestore {
  readonly #deps: BackupRestoreDeps;

  constructor(deps: BackupRestoreDeps) {
    this.#deps = deps;
  }

  async restore(appName: string, id: number, to: string | undefined): Promise<BackupRestored> {
    const record = this.#deps.store.find(appName, id);
    if (!record || record.status !== "succeeded" || !record.snapshot || !record.stagedPath) {
      throw new Hop3Error("BACKUP_NOT_FOUND", `App "${appName}" has no succeeded backup ${id}${record ? ` (it is ${record.status})` : ""}.`);
    }
    const target = to ?? appName;
    if (to !== undefined) checkNewName(this.#deps.apps, appName, to);
    else this.#deps.apps.require(appName);
    const done = this.#deps.backups.claim(target, id);
    const fetched = join(this.#deps.restoreDir, `${target}-${id}`);
    try {
      const staged = await this.#fetch(record, fetched);
      return to === undefined ? await this.#inPlace(this.#deps.apps.require(appName), record, staged) : await this.#intoNew(record, staged, to);
    } finally {
      rmSync(fetched, { recursive: true, force: true });
      done();
    }
  }

  /**
   * Brings back an app this server does not have, under its own name, from a snapshot found in
   * the repository (disaster recovery): the snapshot's manifest says which parts it holds; the
   * backup is recorded here, then restored as with `--to`.
   */
  async recreate(found: { app: string; snapshot: string; stagedPath: string; startedAt: string }): Promise<BackupRestored> {
    const { apps, store, repository, backups } = this.#deps;
    if (apps.find(found.app)) throw new Hop3Error("APP_EXISTS", `App "${found.app}" already exists on this server.`);
    const fetched = join(this.#deps.restoreDir, `${found.app}-recovery`);
    const done = backups.claim(found.app, 0);
    try {
      rmSync(fetched, { recursive: true, force: true });
      await repository.restore(found.snapshot, fetched);
      const staged = join(fetched, found.stagedPath);
      const manifest = readManifest(staged);
      const missing = manifest.parts.filter((part) => !existsSync(join(staged, part.name))).map((part) => part.name);
      if (missing.length > 0) throw new Hop3Error("BACKUP_RESTORE_FAILED", `Snapshot ${found.snapshot} of "${found.app}" lacks its ${missing.join(", ")} part(s).`);
      const record = store.imported(found.app, { snapshot: found.snapshot, stagedPath: found.stagedPath, parts: manifest.parts, startedAt: found.startedAt }, new Date());
      return await this.#intoNew(record, staged, found.app);
    } finally {
      rmSync(fetched, { recursive: true, force: true });
      done();
    }
  }

  /** Restores the snapshot into the daemon's directory and checks that every part recorded is there. */
  async #fetch(record: BackupRecord, into: string): Promise<string> {
    rmSync(into, { recursive: true, force: true });
    await this.#deps.repository.restore(record.snapshot ?? "", into).catch((error: unknown) => {
      throw new Hop3Error("BACKUP_RESTORE_FAILED", `Backup ${record.id} of "${record.app}" could not be read from the repository: ${(error as Error).message}`);
    });
    const staged = join(into, record.stagedPath ?? "");
    const manifest = readManifest(staged);
    const missing = record.parts.map((part) => part.name).filter((name) => !manifest.parts.some((part) => part.name === name) || !existsSync(join(staged, name)));
    if (missing.length > 0) throw new Hop3Error("BACKUP_RESTORE_FAILED", `Backup ${record.id} of "${record.app}" lacks its ${missing.join(", ")} part(s); nothing was changed.`);
    return staged;
  }

  async #inPlace(app: App, record: BackupRecord, staged: string): Promise<BackupRestored> {
    const { releases } = this.#deps.rerun;
    const current = releases.current(app.id);
    const wasStopped = new Set(this.#deps.stopped.typesOf(app.id));
    // Held from before the stop to after the restart: no deploy starts the app in between.
    const lock = this.#deps.locks.acquire(app.name);
    try {
      if (current) {
        await this.#deps.routes.set(app.name, { kind: "stopped" });
        await this.#deps.supervisor.stop(this.#deps.supervisor.unitsOf(app.name));
      }
      const runAs = (await this.#deps.apps.identityOf(app)).buildAs;
      const restored: RestoredPart[] = [];
      const undoAll = async () => {
        for (const part of restored.reverse()) await part.undo();
      };
      let failure: ErrorBody | null = null;
      try {
        for (const part of this.#partsOf(record)) restored.push(await part.restore({ app, runAs, dir: join(staged, part.name), from: record.app }, "same"));
      } catch (error) {
        await undoAll();
        failure = (error instanceof Hop3Error ? error : new Hop3Error("BACKUP_RESTORE_FAILED", (error as Error).message)).toBody();
      }
      if (!current) {
        if (failure) throw restoreFailed(record, failure);
        for (const part of restored) await part.commit();
        return { app: app.name, backup: record.id, release: 0, url: this.#deps.apps.url(app.name), parts: record.parts.map((part) => part.name) };
      }
      if (!failure) {
        const started = await this.#restart(app, current, "restore", wasStopped);
        if (started.ok) {
          for (const part of restored) await part.commit();
          return { app: app.name, backup: record.id, release: releases.current(app.id)?.number ?? current.number, url: this.#deps.apps.url(app.name), parts: record.parts.map((part) => part.name) };
        }
        failure = started.error;
        await undoAll();
      }
      // The previous data and config are back: the previous release starts again on them.
      await this.#restart(app, current, "config", wasStopped);
      throw restoreFailed(record, failure);
    } finally {
      lock.release();
    }
  }

  async #restart(app: App, current: NonNullable<ReturnType<RerunDeps["releases"]["current"]>>, reason: "restore" | "config", wasStopped: ReadonlySet<string>): Promise<{ ok: true } | { ok: false; error: ErrorBody }> {
    let error: ErrorBody | null = null;
    const ok = await rerunBuild(this.#deps.rerun, { app, from: current, source: { kind: "config" }, reason, skipTypes: wasStopped }, (event) => {
      if (event.type === "failed") error = event.error;
    });
    // The new release cleared the stopped types (as a deploy does): they are stopped still.
    if (wasStopped.size > 0) {
      this.#deps.stopped.add(app.id, [...wasStopped]);
      if (wasStopped.has("web")) await this.#deps.routes.set(app.name, { kind: "stopped" });
    }
    return ok ? { ok: true } : { ok: false, error: error ?? new Hop3Error("INTERNAL", "The restart failed without a reason").toBody() };
  }

  async #intoNew(record: BackupRecord, staged: string, to: string): Promise<BackupRestored> {
    const { apps, locks, deploys } = this.#deps;
    const lock = locks.acquire(to);
    let app: App | null = null;
    // What the parts made outside the app's own tree (addons) goes with it on a failure.
    const restored: RestoredPart[] = [];
    try {
      app = await apps.create(to);
      const runAs = (await apps.identityOf(app)).buildAs;
      for (const part of this.#partsOf(record)) restored.push(await part.restore({ app, runAs, dir: join(staged, part.name), from: record.app }, "new"));
      const config = readBackedUpConfig(join(staged, "config"));
      if (!config.release) return { app: to, backup: record.id, release: 0, url: apps.url(to), parts: record.parts.map((part) => part.name) };
      const built = config.release;
      let failed: ErrorBody | null = null;
      const newApp = app;
      const ok = await deploys.rebuild(
        {
          app: newApp,
          fill: (dir, identity) => unpackRelease(join(staged, "release"), dir, identity.buildAs),
          source: sourceOfBackup(config),
          headline: (release): DeployEvent => ({ type: "rerun", reason: "restore", app: to, release, from: { app: record.app, release: built.number } }),
        },
        (event) => {
          if (event.type === "failed") failed = event.error;
        },
      );
      if (!ok) throw restoreFailed(record, failed ?? new Hop3Error("INTERNAL", "The build failed without a reason").toBody());
      return { app: to, backup: record.id, release: 1, url: apps.url(to), parts: record.parts.map((part) => part.name) };
    } catch (error) {
      for (const part of restored.reverse()) await part.undo().catch(() => undefined);
      if (app) await apps.destroyUnlocked(app);
      throw error instanceof Hop3Error ? error : new Hop3Error("BACKUP_RESTORE_FAILED", `Restoring backup ${record.id} of "${record.app}" as "${to}" failed: ${(error as Error).message}`);
    } finally {
      lock.release();
    }
  }

  /** The parts this backup holds, in the server's order (a part it lacks was refused by #fetch). */
  #partsOf(record: BackupRecord): BackupPart[] {
    return this.#deps.parts.filter((part) => record.parts.some((held) => held.name === part.name));
  }
}

/** The parts a staged backup lists (its `manifest.json`). */
export function readManifest(staged: string): { app: string; parts: { name: string; bytes: number }[] } {
  return JSON.parse(readFileSync(join(staged, manifestFile), "utf8")) as { app: string; parts: { name: string; bytes: number }[] };
}

function restoreFailed(record: BackupRecord, cause: ErrorBody): Hop3Error {
  return new Hop3Error("BACKUP_RESTORE_FAILED", `Restoring backup ${record.id} of "${record.app}" failed: ${cause.message}`);
}

/** The new release's source: the commit the backed-up release came from when known. */
function sourceOfBackup(config: BackedUpConfig): ReleaseSource {
  const source = config.release?.source;
  if (source && (source.kind === "git" || source.kind === "rollback") && source.sha !== null && source.ref !== null) return { kind: "git", sha: source.sha, ref: source.ref };
  return { kind: "upload" };
}
