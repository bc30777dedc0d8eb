/** Limits of the password sign-in (docs/access.md). */
export interface SignInLimits {
  /** Consecutive failures for one user name before it is locked. */
  readonly failuresBeforeLock: number;
  readonly lockMs: number;
  /** Attempts from one address within `windowMs`. */
  readonly attemptsPerWindow: number;
  readonly windowMs: number;
}

export const defaultSignInLimits: SignInLimits = { failuresBeforeLock: 5, lockMs: 15 * 60_000, attemptsPerWindow: 20, windowMs: 60_000 };

export type GuardVerdict = "ok" | "locked" | "rate-limited";

/**
 * Rate limiting per address and lockout per user name, in memory (a restart forgets them).
 * Names are tracked whether or not a user has them, so the lock does not tell which exist.
 */
export class SignInGuard {
  readonly #limits: SignInLimits;
  readonly #now: () => number;
  readonly #failures = new Map<string, { count: number; lockedUntil: number }>();
  readonly #attempts = new Map<string, number[]>();

  constructor(limits: SignInLimits = defaultSignInLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Counts an attempt from `address` for `name`; says whether it may be checked at all. */
  admit(name: string, address: string): GuardVerdict {
    const now = this.#now();
    const recent = (this.#attempts.get(address) ?? []).filter((at) => now - at < this.#limits.windowMs);
    recent.push(now);
    this.#attempts.set(address, recent);
    if (recent.length > this.#limits.attemptsPerWindow) return "rate-limited";
    const failures = this.#failures.get(name);
    return failures && failures.lockedUntil > now ? "locked" : "ok";
  }

  failed(name: string): void {
    const entry = this.#failures.get(name) ?? { count: 0, lockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.#limits.failuresBeforeLock) {
      entry.lockedUntil = this.#now() + this.#limits.lockMs;
      entry.count = 0;
    }
    this.#failures.set(name, entry);
  }

  succeeded(name: string): void {
    this.#failures.delete(name);
  }
}
