import type { Clock, ClockTimer } from "./clock.ts";

interface Pending {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
}

/**
 * A clock for unit tests: time moves only when the test calls `advance`, which fires the
 * timers that fall due, in order, and lets the jobs they start settle (no real sleep).
 */
export class FakeClock implements Clock {
  #now: number;
  #order = 0;
  readonly #timers = new Map<number, Pending>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): ClockTimer {
    const id = ++this.#order;
    this.#timers.set(id, { at: this.#now + ms, order: id, fn });
    return { id };
  }

  cancel(timer: ClockTimer): void {
    this.#timers.delete(timer.id as number);
  }

  /** How many timers are set. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (and those they set). */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const next = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort(([, a], [, b]) => a.at - b.at || a.order - b.order)[0];
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
      await settle();
    }
    this.#now = end;
    await settle();
  }
}

/** Lets promise callbacks queued by a fired timer run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
