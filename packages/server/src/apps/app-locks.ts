import { Hop3Error } from "@hop3/contract";

/** One change at a time per app: a deploy or a destroy holds the app's lock. */
export class AppLocks {
  readonly #held = new Set<string>();

  /** Takes the app's lock, or fails with DEPLOY_IN_PROGRESS naming the app. */
  acquire(app: string): { release(): void } {
    if (this.#held.has(app)) {
      throw new Hop3Error("DEPLOY_IN_PROGRESS", `App "${app}" is being deployed or changed right now.`);
    }
    this.#held.add(app);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#held.delete(app);
      },
    };
  }

  heldCount(): number {
    return this.#held.size;
  }

  isHeld(app: string): boolean {
    return this.#held.has(app);
  }
}
