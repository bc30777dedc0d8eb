import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CronRun } from "@hop3/contract";
import type { ProcessIdentity } from "../exec/process-identity.ts";

/** What started a run. */
export type CronTrigger = CronRun["trigger"];

/** A run in progress, recorded so that a restarted server does not start an overlapping one. */
export interface RunningRecord extends ProcessIdentity {
  readonly startedAt: string;
  readonly trigger: CronTrigger;
}

/** What the server remembers of one job of one app. */
export interface CronJobState {
  readonly running: RunningRecord | null;
  /** The last finished run. */
  readonly last: CronRun | null;
}

/** Where job states are kept: files in the real server, a map in tests. */
export interface CronStateStore {
  read(app: string, job: string): CronJobState;
  write(app: string, job: string, state: CronJobState): void;
}

const empty: CronJobState = { running: null, last: null };

/**
 * One small JSON file per job under `<home>/run/<app>/cron/` (written atomically), removed with
 * the app's run directory when the app is destroyed. Job names are `cron.<name>`, safe as file names.
 */
export class CronStateFiles implements CronStateStore {
  readonly #runDir: string;

  constructor(runDir: string) {
    this.#runDir = runDir;
  }

  read(app: string, job: string): CronJobState {
    try {
      return { ...empty, ...(JSON.parse(readFileSync(this.#file(app, job), "utf8")) as Partial<CronJobState>) };
    } catch {
      return empty;
    }
  }

  write(app: string, job: string, state: CronJobState): void {
    const file = this.#file(app, job);
    try {
      mkdirSync(join(this.#runDir, app, "cron"), { recursive: true, mode: 0o700 });
      writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch {
      // The app was destroyed while its job ran: nothing left to remember.
      rmSync(`${file}.tmp`, { force: true });
    }
  }

  #file(app: string, job: string): string {
    return join(this.#runDir, app, "cron", `${job}.json`);
  }
}

/** An in-memory store for tests. */
export class MemoryCronState implements CronStateStore {
  readonly #states = new Map<string, CronJobState>();

  read(app: string, job: string): CronJobState {
    return this.#states.get(`${app}/${job}`) ?? empty;
  }

  write(app: string, job: string, state: CronJobState): void {
    this.#states.set(`${app}/${job}`, state);
  }
}
