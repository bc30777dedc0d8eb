import { rmSync } from "node:fs";
import type { Readable } from "node:stream";
import { checkAppName, Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { AppIdentity } from "../core/app-identity.ts";
import type { Release, ReleaseSource } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { AppService } from "../apps/app-service.ts";
import type { RouteTable } from "../apps/route-table.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import { extractUpload } from "./extract-upload.ts";
import { buildRelease } from "./build-release.ts";
import type { ReleaseLauncher } from "./release-launcher.ts";
import type { ReleaseStore } from "./release-store.ts";
import { targetOf } from "./route-target.ts";

export interface DeployServiceDeps {
  readonly apps: AppService;
  readonly releases: ReleaseStore;
  readonly launcher: ReleaseLauncher;
  readonly supervisor: Supervisor;
  readonly routes: RouteTable;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  readonly settings: { readonly appPath: string; readonly startTimeoutMs: number; readonly keepReleases: number };
}

export interface DeployRequest {
  readonly app: string;
  /** Create the app when it does not exist; it is removed again if this first deploy fails. */
  readonly create: boolean;
  readonly upload: Readable;
  /** Where the uploaded code comes from (a git push names its commit). */
  readonly source?: ReleaseSource | undefined;
  /** How long to wait for a deploy of the same app in progress; 0 refuses at once. */
  readonly lockWaitMs?: number | undefined;
  /** Called when this deploy starts waiting for another one. */
  readonly onWait?: (() => void) | undefined;
}

/** A deploy whose upload was received, ready to build and switch. */
export interface PreparedDeploy {
  /** Builds, starts, health-checks and switches; emits progress; never throws. */
  run(emit: (event: DeployEvent) => void): Promise<boolean>;
  /** Gives up before `run` (e.g. the client went away). */
  abandon(): Promise<void>;
}

/**
 * The deploy pipeline: receive → config → detect → build → start → health → route → cleanup.
 * Any failure before the switch leaves the previous release serving.
 */
export class DeployService {
  readonly #deps: DeployServiceDeps;

  constructor(deps: DeployServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Validates the request, takes the app's lock and unpacks the upload. Errors here are
   * ordinary request errors (bad name, unknown app, busy app, bad archive).
   */
  async prepare(request: DeployRequest): Promise<PreparedDeploy> {
    const { apps, locks, releases, layout } = this.#deps;
    if (!request.create) apps.require(request.app);
    else checkAppName(request.app);
    const lock = await locks.acquireWaiting(request.app, { waitMs: request.lockWaitMs ?? 0, onWait: request.onWait });
    // Looked up under the lock: a deploy we waited for may have created or destroyed the app.
    let app = apps.find(request.app);
    if (!app && !request.create) {
      lock.release();
      throw new Hop3Error("APP_NOT_FOUND", `App "${request.app}" does not exist.`);
    }
    const createdHere = !app;
    let release: Release | null = null;
    const undo = async () => {
      if (release) {
        releases.finish(release.id, { status: "failed", error: "deploy abandoned" });
        rmSync(layout.releaseDir(request.app, release.number), { recursive: true, force: true });
      }
      if (createdHere && app) await apps.destroyUnlocked(app);
      lock.release();
    };
    try {
      app ??= await apps.create(request.app);
      release = releases.begin(app.id, request.source);
      const dir = layout.releaseDir(app.name, release.number);
      const received = await extractUpload(request.upload, dir);
      const identity = await apps.identityOf(app);
      await apps.giveToApp(dir, identity);
      const ready = { app, identity, release, dir, received };
      return {
        run: (emit) => this.#run(ready, emit, createdHere).finally(() => lock.release()),
        abandon: undo,
      };
    } catch (error) {
      await undo();
      throw error;
    }
  }

  async #run(
    deploy: { app: App; identity: AppIdentity; release: Release; dir: string; received: { files: number; bytes: number; skipped: readonly string[] } },
    emit: (event: DeployEvent) => void,
    createdHere: boolean,
  ): Promise<boolean> {
    const { app, identity, release, dir, received } = deploy;
    const { releases, layout, supervisor, launcher, routes, settings } = this.#deps;
    const started = Date.now();
    emit({ type: "stage", stage: "receive", message: `Received ${plural(received.files, "file")} (${formatBytes(received.bytes)}) for ${app.name}, release ${release.number}` });
    for (const path of received.skipped) emit({ type: "warning", message: `Skipped "${path}": links out of the app and special files are not unpacked.` });
    let newUnits: Awaited<ReturnType<ReleaseLauncher["start"]>> = [];
    try {
      const built = await buildRelease({ app: app.name, dir, identity, layout, appPath: settings.appPath, release: release.number, emit });
      const previous = supervisor.unitsOf(app.name);
      if (Object.keys(built.processes).length > 0) {
        emit({ type: "stage", stage: "start", message: `Starting ${Object.keys(built.processes).map((type) => `${type}: ${built.processes[type]}`).join("; ")}` });
        newUnits = await launcher.start({ app: app.name, release: release.number, releaseDir: dir, processes: built.processes, env: built.env, runAs: identity.runAs });
        emit({ type: "stage", stage: "health", message: "Waiting for the new processes to serve" });
        const ready = await launcher.waitUntilReady(newUnits, settings.startTimeoutMs, (line) => emit({ type: "log", source: "start", stream: "stdout", line }));
        if (!ready.ok) throw new Hop3Error("START_FAILED", ready.reason);
      }
      emit({ type: "stage", stage: "route", message: `Routing ${routes.hostOf(app.name)} to release ${release.number}` });
      await routes.set(app.name, targetOf(built.staticRoot, newUnits));
      const finished = releases.finish(release.id, { status: "succeeded", builder: built.builder, processes: built.processes, env: built.env, staticRoot: built.staticRoot });
      releases.supersedeBefore(app.id, finished.number);
      emit({ type: "stage", stage: "cleanup", message: previous.length ? `Stopping ${plural(previous.length, "process", "processes")} of the previous release` : "Done" });
      await supervisor.stop(previous);
      this.#pruneReleases(app);
      emit({ type: "succeeded", app: app.name, release: release.number, url: this.#deps.apps.url(app.name), seconds: round((Date.now() - started) / 1000) });
      return true;
    } catch (error) {
      await supervisor.stop(newUnits);
      const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `Deploy failed unexpectedly: ${(error as Error).message}`, { cause: error });
      releases.finish(release.id, { status: "failed", error: failure.message });
      rmSync(dir, { recursive: true, force: true });
      if (createdHere) await this.#deps.apps.destroyUnlocked(app);
      emit({ type: "failed", error: failure.toBody() });
      return false;
    }
  }

  /** Deletes the builds of releases beyond the newest `keepReleases`. */
  #pruneReleases(app: App): void {
    for (const number of this.#deps.releases.numbersBeyond(app.id, this.#deps.settings.keepReleases)) {
      rmSync(this.#deps.layout.releaseDir(app.name, number), { recursive: true, force: true });
    }
  }
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${round(bytes / 1024)} KiB` : `${round(bytes / 1024 / 1024)} MiB`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
