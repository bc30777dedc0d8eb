/**
 * Work an operation leaves running after it answers: draining and stopping a replaced release's
 * instances, pruning old builds. The server waits for it before it stops (so no instance is
 * left half-stopped, and the next start adopts a consistent set). Best effort: a failure is
 * reported, never thrown at the operation that already succeeded.
 */
export class BackgroundWork {
  readonly #running = new Set<Promise<void>>();
  readonly #onError: (error: unknown, what: string) => void;

  constructor(onError: (error: unknown, what: string) => void = () => undefined) {
    this.#onError = onError;
  }

  /** Starts `work` now, in the background. */
  run(what: string, work: () => Promise<void>): void {
    const running: Promise<void> = work()
      .catch((error: unknown) => this.#onError(error, what))
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** How many pieces of work are still running. */
  get pending(): number {
    return this.#running.size;
  }

  /** Resolves once everything started so far (and anything it started) has ended. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
