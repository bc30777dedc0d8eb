/** What the audit trail does with one failed authentication from an address. */
export interface ThrottleVerdict {
  /** Write this failure's own entry. */
  readonly record: boolean;
  /** Failures from this address left unwritten in its last window: write them as one summary entry first. */
  readonly suppressed: number;
}

/**
 * Keeps a flood of bad tokens from growing the audit log without bound: per address, the first
 * `perWindow` failures of each minute get their own entry, the rest are counted and summed up in
 * one entry when the address fails again in a later window. In memory, like the sign-in limits.
 */
export class FailedAuthThrottle {
  readonly #perWindow: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number; suppressed: number }>();

  constructor(perWindow: number, options: { windowMs?: number; now?: () => number } = {}) {
    this.#perWindow = perWindow;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  admit(address: string): ThrottleVerdict {
    const now = this.#now();
    let window = this.#windows.get(address);
    let suppressed = 0;
    if (!window || now - window.start >= this.#windowMs) {
      suppressed = window?.suppressed ?? 0;
      window = { start: now, count: 0, suppressed: 0 };
      this.#windows.set(address, window);
      // Forget addresses whose window ended long ago, so the map stays bounded by recent senders.
      if (this.#windows.size > 10_000) for (const [key, entry] of this.#windows) if (now - entry.start >= this.#windowMs && entry.suppressed === 0) this.#windows.delete(key);
    }
    window.count += 1;
    if (window.count > this.#perWindow) {
      window.suppressed += 1;
      return { record: false, suppressed };
    }
    return { record: true, suppressed };
  }
}
