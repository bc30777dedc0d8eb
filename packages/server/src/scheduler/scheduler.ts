import { systemClock, type Clock, type ClockTimer } from "./clock.ts";

/** A job the server runs every `everyMs`: watching the proxy, rotating logs; later backups, certificate checks, metrics. */
export interface PeriodicJob {
  readonly name: string;
  readonly everyMs: number;
  /** When set, how long from `now` until the next run instead of `everyMs` (cron: the start of each minute). */
  readonly nextInMs?: ((now: number) => number) | undefined;
  run(): unknown;
}

/** What the scheduler knows of a job (for status pages and tests). */
export interface JobState {
  readonly name: string;
  readonly everyMs: number;
  readonly runs: number;
  readonly skipped: number;
  readonly running: boolean;
}

export interface SchedulerDeps {
  readonly clock: Clock;
  /** Told when a job throws or rejects; the job runs again at its next time. */
  readonly onError: (error: unknown, job: string) => void;
}

interface Entry {
  readonly job: PeriodicJob;
  timer: ClockTimer | null;
  runs: number;
  skipped: number;
  running: boolean;
}

/**
 * The server's one scheduler of periodic work. Each job runs every `everyMs` from `start()`;
 * a run still going when the next is due is not overlapped (that tick is skipped and counted);
 * an error is reported and the job goes on. `stop()` cancels every timer (runs in progress end
 * on their own). Time comes from an injected clock, so unit tests drive it without sleeping.
 */
export class Scheduler {
  readonly #deps: SchedulerDeps;
  readonly #entries = new Map<string, Entry>();
  #started = false;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  /** Adds a job; it first runs `everyMs` after `start()` (or now, if started already). */
  add(job: PeriodicJob): void {
    if (this.#entries.has(job.name)) throw new Error(`periodic job ${job.name} is already scheduled`);
    const entry: Entry = { job, timer: null, runs: 0, skipped: 0, running: false };
    this.#entries.set(job.name, entry);
    if (this.#started) this.#arm(entry);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const entry of this.#entries.values()) this.#arm(entry);
  }

  stop(): void {
    this.#started = false;
    for (const entry of this.#entries.values()) {
      if (entry.timer !== null) this.#deps.clock.cancel(entry.timer);
      entry.timer = null;
    }
  }

  jobs(): JobState[] {
    return [...this.#entries.values()].map(({ job, runs, skipped, running }) => ({ name: job.name, everyMs: job.everyMs, runs, skipped, running }));
  }

  #arm(entry: Entry): void {
    const { clock } = this.#deps;
    entry.timer = clock.after(entry.job.nextInMs?.(clock.now()) ?? entry.job.everyMs, () => {
      entry.timer = null;
      if (!this.#started) return;
      this.#arm(entry);
      this.#fire(entry);
    });
  }

  #fire(entry: Entry): void {
    if (entry.running) {
      entry.skipped += 1;
      return;
    }
    entry.running = true;
    entry.runs += 1;
    const done = () => void (entry.running = false);
    try {
      const result = entry.job.run();
      if (result instanceof Promise) {
        result.then(done, (error: unknown) => {
          done();
          this.#deps.onError(error, entry.job.name);
        });
        return;
      }
    } catch (error) {
      this.#deps.onError(error, entry.job.name);
    }
    done();
  }
}

/** The daemon's scheduler: the real clock, errors to the server's log. */
export function createScheduler(onError: SchedulerDeps["onError"], clock: Clock = systemClock): Scheduler {
  return new Scheduler({ clock, onError });
}
