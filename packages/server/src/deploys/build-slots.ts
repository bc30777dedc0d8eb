/** A build slot held by one deploy; releasing it twice is harmless. */
export interface BuildSlot {
  release(): void;
}

/**
 * The server's build slots: at most `count` builds run at once, the others wait in arrival
 * order. A build holds its slot only while it builds (builder and build hooks), not while its
 * release starts and is health-checked.
 */
export class BuildSlots {
  readonly count: number;
  #running = 0;
  readonly #queue: Array<() => void> = [];

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`build slots must be a whole number of at least 1, got ${count}`);
    this.count = count;
  }

  /**
   * Takes a slot, at once when one is free; otherwise calls `onWait` with the number of builds
   * running or waiting before this one, and resolves when a slot is handed over.
   */
  async acquire(onWait?: (ahead: number) => void): Promise<BuildSlot> {
    if (this.#running < this.count && this.#queue.length === 0) {
      this.#running++;
      return this.#slot();
    }
    onWait?.(this.#running + this.#queue.length);
    return new Promise<BuildSlot>((resolve) => this.#queue.push(() => resolve(this.#slot())));
  }

  /** Builds running now. */
  get running(): number {
    return this.#running;
  }

  /** Deploys waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  #slot(): BuildSlot {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const next = this.#queue.shift();
        // The slot passes straight to the next waiter: a newcomer cannot take it in between.
        if (next) next();
        else this.#running--;
      },
    };
  }
}
