import { Hop3Error } from "@hop3/contract";

/** A held app lock. */
export interface AppLock {
  release(): void;
}

export interface AcquireOptions {
  /** How long to wait for the lock before failing with DEPLOY_IN_PROGRESS; 0 fails at once. */
  readonly waitMs?: number;
  /** Called once when the lock is busy and the caller starts waiting. */
  readonly onWait?: () => void;
}

/**
 * One change at a time per app: a deploy or a destroy holds the app's lock. Waiters are
 * served in arrival order; changes to different apps never wait for each other.
 */
export class AppLocks {
  readonly #held = new Set<string>();
  readonly #waiters = new Map<string, Array<() => void>>();
  readonly #idleWaiters = new Set<() => void>();

  /** Takes the app's lock at once, or fails with DEPLOY_IN_PROGRESS naming the app. */
  acquire(app: string): AppLock {
    if (this.#held.has(app)) {
      throw new Hop3Error("DEPLOY_IN_PROGRESS", `App "${app}" is being deployed or changed right now.`);
    }
    this.#held.add(app);
    return this.#lockFor(app);
  }

  /** Takes the app's lock, waiting up to `waitMs` for the change in progress to end. */
  async acquireWaiting(app: string, options: AcquireOptions = {}): Promise<AppLock> {
    if (!this.#held.has(app)) return this.acquire(app);
    const waitMs = options.waitMs ?? 0;
    if (waitMs <= 0) return this.acquire(app);
    options.onWait?.();
    return new Promise<AppLock>((resolve, reject) => {
      const queue = this.#waiters.get(app) ?? [];
      const grant = () => {
        clearTimeout(timer);
        resolve(this.#lockFor(app));
      };
      const timer = setTimeout(() => {
        const waiting = this.#waiters.get(app)?.filter((waiter) => waiter !== grant) ?? [];
        if (waiting.length) this.#waiters.set(app, waiting);
        else this.#waiters.delete(app);
        reject(new Hop3Error("DEPLOY_IN_PROGRESS", `App "${app}" was still being deployed after waiting ${Math.round(waitMs / 1000)}s.`));
      }, waitMs);
      queue.push(grant);
      this.#waiters.set(app, queue);
    });
  }

  heldCount(): number {
    return this.#held.size;
  }

  /** Resolves once no app's lock is held (true), or after `timeoutMs` with some still held (false). */
  async whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#held.size === 0) return true;
    return new Promise<boolean>((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.#idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#idleWaiters.add(onIdle);
    });
  }

  isHeld(app: string): boolean {
    return this.#held.has(app);
  }

  #lockFor(app: string): AppLock {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const next = this.#waiters.get(app)?.shift();
        if (this.#waiters.get(app)?.length === 0) this.#waiters.delete(app);
        // The lock passes straight to the next waiter: it is never free in between.
        if (next) {
          next();
        } else {
          this.#held.delete(app);
          if (this.#held.size === 0) for (const idle of this.#idleWaiters) idle();
        }
      },
    };
  }
}
