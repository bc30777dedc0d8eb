/** A timer set on a clock; cancelled with the clock's `cancel`. */
export interface ClockTimer {
  readonly id: unknown;
}

/** Time as the scheduler sees it: the real one in the daemon, a fake one in unit tests. */
export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the timer never keeps the process alive. */
  after(ms: number, fn: () => void): ClockTimer;
  cancel(timer: ClockTimer): void;
}

/** The real clock: Date.now and unref'd timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after: (ms, fn) => ({ id: setTimeout(fn, ms).unref() }),
  cancel: (timer) => clearTimeout(timer.id as NodeJS.Timeout),
};
