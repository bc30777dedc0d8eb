import { join } from "node:path";
import { Hop3Error, type CronJobList, type CronRun, type CronRunStarted } from "@hop3/contract";
import type { CronJob } from "../core/cron-job.ts";
import { cronIsDue, nextCronRun } from "../core/cron-schedule.ts";
import type { ProcessIdentity } from "../exec/process-identity.ts";
import { systemClock, type Clock, type ClockTimer } from "../scheduler/clock.ts";
import type { PeriodicJob } from "../scheduler/scheduler.ts";
import type { CronAppSource } from "./cron-apps.ts";
import type { CronLauncher } from "./cron-launcher.ts";
import type { CronStateStore, CronTrigger } from "./cron-state.ts";

export interface CronSchedulerDeps {
  readonly apps: CronAppSource;
  readonly launcher: CronLauncher;
  readonly state: CronStateStore;
  /** How long a run may take before its process group is killed. */
  readonly timeoutMs: number;
  /** Appends a `[hop3]` line to the job's log. */
  readonly note: (app: string, job: string, message: string) => void;
  /** Told about a scheduled run that could not start (a manual run throws instead). */
  readonly onError?: ((error: unknown, app: string, job: string) => void) | undefined;
  /** The server's clock (ADR 40): runs' timeouts and the time of runs; a FakeClock in unit tests. */
  readonly clock?: Clock | undefined;
}

/** A run in progress: started by this server, or adopted from an earlier server run. */
interface ActiveRun {
  readonly startedAt: Date;
  readonly trigger: CronTrigger;
  identity: ProcessIdentity | null;
  kill: () => void;
  detach: () => void;
  /** Kills the run at its timeout. */
  timer?: ClockTimer | undefined;
  /** Adopted runs are not our children: their end is noticed by polling, their exit code unknown. */
  readonly adopted: boolean;
}

const minuteMs = 60_000;

/**
 * Runs the scheduled jobs of every app's current release (ADR 16). Its `job()`, on the server's
 * one scheduler, ticks at the start of each minute; the jobs due in that minute start then, read
 * afresh from the store, so deploys, rollbacks, config restarts, `ps:stop` and `apps:destroy`
 * need no rescheduling. A job never overlaps itself: a due run is skipped, with a note in its
 * log, while the previous one runs. It keeps no timer of its own: runs' timeouts are set on the
 * injected clock.
 */
export class CronScheduler {
  readonly #deps: CronSchedulerDeps;
  readonly #runs = new Map<string, ActiveRun>();
  readonly #clock: Clock;
  #lastMinute = 0;
  #stopped = false;

  constructor(deps: CronSchedulerDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
  }

  /** Adopts runs still going from an earlier server run; `job()` then ticks every minute. */
  start(): void {
    this.#adopt();
  }

  /**
   * The minute tick as a job of the server's scheduler: due a little past the start of each
   * minute, so the tick's own clock reading is inside it.
   */
  job(): PeriodicJob {
    return {
      name: "cron",
      everyMs: minuteMs,
      nextInMs: (now) => minuteMs - (now % minuteMs) + 50,
      run: () => {
        if (this.#stopped) return;
        const minute = new Date(Math.floor(this.#clock.now() / minuteMs) * minuteMs);
        this.tick(minute).catch((error: unknown) => this.#deps.onError?.(error, "*", "*"));
      },
    };
  }

  /** Stops ticking; runs in progress go on, detached, and the next server run adopts them. */
  stop(): void {
    this.#stopped = true;
    for (const run of this.#runs.values()) {
      this.#cancel(run);
      run.detach();
    }
    this.#runs.clear();
  }

  /** Starts the jobs due in the minute starting at `minute`; resolves once they are launched. */
  async tick(minute: Date): Promise<void> {
    if (minute.getTime() <= this.#lastMinute) return;
    this.#lastMinute = minute.getTime();
    const launches: Promise<unknown>[] = [];
    for (const target of this.#deps.apps.all()) {
      if (target.paused) continue;
      for (const job of target.jobs.filter((j) => cronIsDue(j.schedule, minute))) {
        const begun = this.#begin(target.app, job, "schedule");
        if ("busy" in begun) {
          this.#deps.note(target.app, job.name, `skipped the run due at ${minute.toISOString()}: the run started at ${begun.busy.startedAt.toISOString()} is still going (runs of a job never overlap)`);
          continue;
        }
        launches.push(begun.launched.catch(() => undefined));
        begun.finished.catch((error: unknown) => this.#deps.onError?.(error, target.app, job.name));
      }
    }
    await Promise.all(launches);
  }

  /** The jobs of the app's current release with their next, running and last runs. */
  list(app: string): CronJobList {
    const target = this.#deps.apps.of(app);
    const now = this.#now();
    return {
      app: target.app,
      paused: target.paused,
      jobs: target.jobs.map((job) => {
        const active = this.#active(target.app, job.name);
        return {
          name: job.name,
          schedule: job.schedule,
          command: job.command,
          nextRun: target.paused ? null : (nextCronRun(job.schedule, now)?.toISOString() ?? null),
          running: active ? { startedAt: active.startedAt.toISOString(), trigger: active.trigger } : null,
          lastRun: this.#deps.state.read(target.app, job.name).last,
        };
      }),
    };
  }

  /**
   * Starts a job now (`hop3 cron:run`), even while the app's jobs are paused; resolves once it is
   * launched, with the run's start and the promise of its end. Refuses with `CRON_JOB_RUNNING`
   * while a run of the same job is going.
   */
  async runNow(app: string, jobName: string): Promise<{ started: CronRunStarted; finished: Promise<CronRun> }> {
    const target = this.#deps.apps.of(app);
    const name = jobName.startsWith("cron.") ? jobName : `cron.${jobName}`;
    const job = target.jobs.find((candidate) => candidate.name === name);
    if (!job) {
      const known = target.jobs.map((candidate) => candidate.name).join(", ");
      throw new Hop3Error("CRON_JOB_NOT_FOUND", `App "${target.app}" has no cron job "${name}" in its current release (${known ? `its jobs: ${known}` : "it has no cron jobs"}).`);
    }
    const begun = this.#begin(target.app, job, "manual");
    if ("busy" in begun) {
      throw new Hop3Error("CRON_JOB_RUNNING", `Cron job ${name} of "${target.app}" is already running (started at ${begun.busy.startedAt.toISOString()}); runs of a job never overlap.`);
    }
    begun.finished.catch(() => undefined);
    await begun.launched;
    return { started: { app: target.app, job: name, startedAt: begun.run.startedAt.toISOString() }, finished: begun.finished };
  }

  /** Kills the app's runs in progress (`apps:destroy`). */
  stopApp(app: string): void {
    for (const [key, run] of this.#runs) {
      if (!key.startsWith(`${app}/`)) continue;
      this.#cancel(run);
      run.kill();
      this.#runs.delete(key);
    }
  }

  /**
   * Claims the job's slot synchronously (so two starts cannot both pass the check), then launches.
   * `launched` settles once the process started (or could not start), `finished` with its end.
   */
  #begin(app: string, job: CronJob, trigger: CronTrigger): { busy: ActiveRun } | { run: ActiveRun; launched: Promise<void>; finished: Promise<CronRun> } {
    const busy = this.#active(app, job.name);
    if (busy) return { busy };
    const run: ActiveRun = { startedAt: this.#now(), trigger, identity: null, kill: () => undefined, detach: () => undefined, adopted: false };
    const key = keyOf(app, job.name);
    this.#runs.set(key, run);
    let onLaunch!: () => void;
    const launched = new Promise<void>((resolve) => (onLaunch = resolve));
    const finished = this.#execute(app, job, run, onLaunch).finally(() => {
      if (this.#runs.get(key) === run) this.#runs.delete(key);
    });
    // A failure before the launch rejects `launched` too.
    return { run, launched: Promise.race([launched, finished.then(() => undefined)]), finished };
  }

  async #execute(app: string, job: CronJob, run: ActiveRun, launched: () => void): Promise<CronRun> {
    const { apps, launcher, state, note, timeoutMs } = this.#deps;
    const context = await apps.runContext(app);
    note(app, job.name, `started (${run.trigger === "manual" ? "hop3 cron:run" : `schedule "${job.schedule}"`}): ${job.command}`);
    const started = performance.now();
    const child = launcher.launch({ command: job.command, cwd: context.cwd, env: context.env, runAs: context.runAs, release: context.release, logFile: join(context.logDir, `${job.name}.log`) });
    Object.assign(run, { kill: child.kill, detach: child.detach });
    const identity = await child.identity;
    run.identity = identity;
    if (identity) state.write(app, job.name, { ...state.read(app, job.name), running: { ...identity, startedAt: run.startedAt.toISOString(), trigger: run.trigger } });
    launched();
    let timedOut = false;
    run.timer = this.#clock.after(timeoutMs, () => {
      timedOut = true;
      note(app, job.name, `is still running after ${seconds(timeoutMs)}: killing it`);
      child.kill();
    });
    const exit = await child.exited;
    this.#cancel(run);
    const result: CronRun = {
      job: job.name,
      startedAt: run.startedAt.toISOString(),
      trigger: run.trigger,
      durationMs: Math.round(performance.now() - started),
      ...exit,
      timedOut,
    };
    if (!this.#stopped) {
      note(app, job.name, `${exit.exitCode === 0 ? "finished" : "failed"}: ${exitText(result)} after ${seconds(result.durationMs ?? 0)}`);
      state.write(app, job.name, { running: null, last: result });
    }
    return result;
  }

  /** The job's run in progress; an adopted run found gone is recorded as ended (exit code unknown). */
  #active(app: string, job: string): ActiveRun | undefined {
    const run = this.#runs.get(keyOf(app, job));
    if (!run?.adopted || (run.identity && this.#deps.launcher.stillRunning(run.identity))) return run;
    this.#cancel(run);
    this.#runs.delete(keyOf(app, job));
    this.#endUnseen(app, job, run.startedAt, run.trigger);
    return undefined;
  }

  /** Takes over the runs an earlier server run left going: they block overlaps and keep their timeout. */
  #adopt(): void {
    const { apps, state, launcher, timeoutMs, note } = this.#deps;
    for (const target of apps.all()) {
      for (const job of target.jobs) {
        const record = state.read(target.app, job.name).running;
        if (!record) continue;
        const startedAt = new Date(record.startedAt);
        if (!launcher.stillRunning(record)) {
          this.#endUnseen(target.app, job.name, startedAt, record.trigger);
          continue;
        }
        const run: ActiveRun = { startedAt, trigger: record.trigger, identity: record, kill: () => launcher.kill(record), detach: () => undefined, adopted: true };
        run.timer = this.#clock.after(Math.max(0, startedAt.getTime() + timeoutMs - this.#clock.now()), () => {
          note(target.app, job.name, `is still running after ${seconds(timeoutMs)}: killing it`);
          launcher.kill(record);
        });
        this.#runs.set(keyOf(target.app, job.name), run);
      }
    }
  }

  #endUnseen(app: string, job: string, startedAt: Date, trigger: CronTrigger): void {
    this.#deps.note(app, job, "ended while no server was watching it (started before the server restarted; exit code unknown)");
    this.#deps.state.write(app, job, { running: null, last: { job, startedAt: startedAt.toISOString(), trigger, durationMs: null, exitCode: null, signal: null, timedOut: false } });
  }

  #cancel(run: ActiveRun): void {
    if (run.timer !== undefined) this.#clock.cancel(run.timer);
    run.timer = undefined;
  }

  #now(): Date {
    return new Date(this.#clock.now());
  }
}

function keyOf(app: string, job: string): string {
  return `${app}/${job}`;
}

function exitText(run: CronRun): string {
  if (run.timedOut) return `killed at its timeout${run.signal ? ` (${run.signal})` : ""}`;
  if (run.exitCode !== null) return `exit code ${run.exitCode}`;
  return `killed by ${run.signal ?? "a signal"}`;
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
