import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The restore drills in progress, one empty file per throwaway app in the run directory. A server
 * stopped in the middle of a drill finds them at its next start: it keeps those apps off the
 * proxy and removes them (ADR 71), instead of serving a copy of an app's data under a new name.
 */
export class DrillMarks {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  mark(app: string): void {
    writeFileSync(join(this.#dir, app), "", { mode: 0o600 });
  }

  unmark(app: string): void {
    rmSync(join(this.#dir, app), { force: true });
  }

  /** The throwaway apps of drills that did not finish; only names Hop3 gives apps. */
  list(): string[] {
    return readdirSync(this.#dir).filter((name) => /^[a-z0-9][a-z0-9-]*$/.test(name));
  }
}
