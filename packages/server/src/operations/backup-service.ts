import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hop3Error, type Backup, type BackupList, type BackupPartInfo } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { AppService } from "../apps/app-service.ts";
import type { Clock } from "../scheduler/clock.ts";
import type { BackupPart } from "../backups/backup-part.ts";
import type { BackupRecord, BackupStore } from "../backups/backup-store.ts";
import type { ResticRepository } from "../backups/restic-repository.ts";
import type { ServerStateBackup } from "./server-state-backup.ts";

/** The file that lists a backup's parts, beside them in the snapshot. */
export const manifestFile = "manifest.json";

export interface BackupServiceDeps {
  readonly apps: Pick<AppService, "require" | "identityOf">;
  readonly store: BackupStore;
  readonly repository: ResticRepository;
  /** The parts every backup holds, in order (addons add theirs). */
  readonly parts: readonly BackupPart[];
  /** The daemon's own directory where parts are staged, one subdirectory per app. */
  readonly stagingDir: string;
  readonly clock: Pick<Clock, "now">;
  /** The server-level snapshot (config key, database) kept beside the apps' (ADR 70). */
  readonly serverState?: Pick<ServerStateBackup, "ensureRecent">;
}

/** What one app's backup or restore is doing now. */
interface Running {
  readonly kind: "backup" | "restore";
  id: number;
  progress: { part: string; percent: number };
}

/**
 * `hop3 backups:create` and the scheduled runs (ADR 47): every part is staged, then restic
 * stores the staging tree as one snapshot tagged `app:<name>`. The backup is `succeeded`
 * only when restic ended well and named the snapshot; any failure records `failed` with the
 * reason, and earlier backups are untouched.
 */
export class BackupService {
  readonly #deps: BackupServiceDeps;
  readonly #running = new Map<string, Running>();

  constructor(deps: BackupServiceDeps) {
    this.#deps = deps;
  }

  get repositoryLocation(): string {
    return this.#deps.repository.location;
  }

  /** Starts a backup and answers at once (its progress: `find`); the repository is created at first use. */
  async start(appName: string, trigger: Backup["trigger"] = "manual"): Promise<Backup> {
    const started = await this.#begin(appName, trigger);
    void started.done.catch(() => undefined);
    return started.answer;
  }

  /** Runs a backup to its end (scheduled runs); resolves with its final record. */
  async run(appName: string, trigger: Backup["trigger"]): Promise<BackupRecord> {
    const started = await this.#begin(appName, trigger);
    return started.done;
  }

  /** The app's backups; those of an app destroyed since stay listed under its name (restore them --to a new app). */
  list(appName: string, schedule: BackupList["schedule"]): Omit<BackupList, "overdue" | "drill"> {
    const records = this.#deps.store.listOf(appName);
    if (records.length === 0) this.#deps.apps.require(appName);
    return { app: appName, repository: this.repositoryLocation, schedule, backups: records.map((record) => this.#shown(record)) };
  }

  find(appName: string, id: number): Backup {
    const record = this.#deps.store.find(appName, id);
    if (!record) throw new Hop3Error("BACKUP_NOT_FOUND", `App "${appName}" has no backup ${id}.`);
    return this.#shown(record);
  }

  /** Marks an app busy with a restore (no backup of it meanwhile); the returned function ends it. */
  claim(appName: string, id: number): () => void {
    this.#refuseIfBusy(appName);
    this.#running.set(appName, { kind: "restore", id, progress: { part: "restore", percent: 0 } });
    return () => this.#running.delete(appName);
  }

  async #begin(appName: string, trigger: Backup["trigger"]): Promise<{ answer: Backup; done: Promise<BackupRecord> }> {
    const { apps, store, repository, clock } = this.#deps;
    const app = apps.require(appName);
    this.#refuseIfBusy(app.name);
    const record = store.begin(app.name, trigger, new Date(clock.now()));
    const running: Running = { kind: "backup", id: record.id, progress: { part: "repository", percent: 0 } };
    this.#running.set(app.name, running);
    let password: string | null = null;
    try {
      password = await repository.ensure();
    } catch (error) {
      this.#running.delete(app.name);
      store.fail(record.id, reasonOf(error), [], new Date(clock.now()));
      return { answer: this.#shown(store.find(app.name, record.id) ?? record), done: Promise.resolve(store.find(app.name, record.id) ?? record) };
    }
    const done = this.#run(app, record, running).finally(() => this.#running.delete(app.name));
    const answer = this.#shown(record);
    return { answer: password ? { ...answer, newRepository: { location: repository.location, password } } : answer, done };
  }

  async #run(app: App, record: BackupRecord, running: Running): Promise<BackupRecord> {
    const { store, repository, parts, clock, apps } = this.#deps;
    const staged = join(this.#deps.stagingDir, app.name);
    const done: BackupPartInfo[] = [];
    try {
      rmSync(staged, { recursive: true, force: true });
      mkdirSync(staged, { recursive: true, mode: 0o700 });
      const runAs = (await apps.identityOf(app)).buildAs;
      for (const part of parts.filter((candidate) => candidate.holds?.(app) ?? true)) {
        running.progress = { part: part.name, percent: 0 };
        const dir = join(staged, part.name);
        mkdirSync(dir, { mode: 0o700 });
        await part.dump({ app, runAs, dir, from: app.name });
        done.push({ name: part.name, bytes: sizeOf(dir) });
      }
      // Without the config key a new server could not read this backup's config vars.
      running.progress = { part: "server", percent: 0 };
      await this.#deps.serverState?.ensureRecent();
      writeFileSync(join(staged, manifestFile), `${JSON.stringify({ format: 1, app: app.name, backup: record.id, parts: done }, null, 2)}\n`, { mode: 0o600 });
      running.progress = { part: "upload", percent: 0 };
      const snapshot = await repository.backup(staged, [`app:${app.name}`], new Date(clock.now()), (progress) => {
        running.progress = { part: "upload", percent: progress.percent };
      });
      store.succeed(record.id, { snapshot: snapshot.id, stagedPath: staged, parts: done, bytes: snapshot.bytes, added: snapshot.added }, new Date(clock.now()));
    } catch (error) {
      store.fail(record.id, reasonOf(error), done, new Date(clock.now()));
    } finally {
      rmSync(staged, { recursive: true, force: true });
    }
    return store.find(app.name, record.id) ?? record;
  }

  #refuseIfBusy(app: string): void {
    const busy = this.#running.get(app);
    if (busy) throw new Hop3Error("BACKUP_IN_PROGRESS", `A ${busy.kind} of "${app}" is running (backup ${busy.id}).`);
  }

  #shown(record: BackupRecord): Backup {
    const running = this.#running.get(record.app);
    const { id, app, status, reason, trigger, snapshot, parts, bytes, added, startedAt, finishedAt } = record;
    return { id, app, status, reason, trigger, snapshot, parts, bytes, added, startedAt, finishedAt, progress: record.status === "running" && running?.id === record.id ? { ...running.progress } : null };
  }
}

/** A failure's reason for the record: the message, which names the part or restic's own words. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Bytes of the regular files below `dir` (the daemon's own staging files: no link is followed). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}
