import { mkdirSync } from "node:fs";
import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { cronProcessType, type CronJob } from "../core/cron-job.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppStore } from "../apps/app-store.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import type { RunAs } from "../core/app-identity.ts";

/** The jobs of an app's current release, and whether they are paused (`hop3 ps:stop`). */
export interface CronTarget {
  readonly app: string;
  readonly jobs: readonly CronJob[];
  readonly paused: boolean;
}

/** Where and how the jobs of an app's current release run. */
export interface CronRunContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
  /** The current release, whose tag (`v4`) goes on each line the run writes. */
  readonly release: number;
  /** The app's log directory: a job's output goes to `<logDir>/<job>.log`. */
  readonly logDir: string;
}

/** What the scheduler needs to know of the apps. */
export interface CronAppSource {
  /** Every deployed app, each with the jobs of its current release. */
  all(): CronTarget[];
  /** One app; `APP_NOT_FOUND` when there is none. */
  of(app: string): CronTarget;
  runContext(app: string): Promise<CronRunContext>;
}

export interface CronAppsDeps {
  readonly apps: AppStore;
  readonly releases: ReleaseStore;
  readonly stopped: StoppedProcesses;
  readonly contexts: RunContexts;
  readonly layout: StateLayout;
}

/**
 * Reads jobs from the store at every use: a deploy, rollback or config restart changes the
 * current release, and the next minute's jobs are the new release's, with no rescheduling step.
 */
export class CronApps implements CronAppSource {
  readonly #deps: CronAppsDeps;

  constructor(deps: CronAppsDeps) {
    this.#deps = deps;
  }

  all(): CronTarget[] {
    return this.#deps.apps.list().map((app) => this.#target(app));
  }

  of(name: string): CronTarget {
    const app = this.#deps.apps.find(name);
    if (!app) throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
    return this.#target(app);
  }

  async runContext(name: string): Promise<CronRunContext> {
    const { apps, releases, contexts, layout } = this.#deps;
    const app = apps.find(name);
    const release = app ? releases.current(app.id) : null;
    if (!app || !release) throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist or was never deployed.`);
    const context = await contexts.of(app, release);
    const logDir = layout.logDir(app.name);
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    return {
      cwd: context.cwd,
      env: context.env,
      runAs: context.runAs,
      release: context.release,
      logDir,
    };
  }

  #target(app: App): CronTarget {
    const release = this.#deps.releases.current(app.id);
    return { app: app.name, jobs: release?.settings.cron ?? [], paused: this.#deps.stopped.typesOf(app.id).has(cronProcessType) };
  }
}
