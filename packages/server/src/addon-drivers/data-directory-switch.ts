import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Addon, EngineRebuild, RebuildContext } from "../core/addon.ts";

/** Where a server's data is, and the data directory a major upgrade keeps until confirmed. */
export interface Layout {
  readonly dir: string;
  readonly kept: string | null;
}

/**
 * The daemon's record of a server's data directory (ADR 68, 78), in its own config directory
 * (the engine account cannot change it), absent until a first major upgrade. A recorded
 * directory is used only if it is beside the default one and named as Hop3 names them.
 */
export class DataLayout {
  readonly #file: string;
  readonly #fallback: string;
  readonly #names: RegExp;

  constructor(file: string, fallback: string, names: RegExp) {
    this.#file = file;
    this.#fallback = fallback;
    this.#names = names;
  }

  read(): Layout {
    const fallback = { dir: this.#fallback, kept: null };
    try {
      const recorded = JSON.parse(readFileSync(this.#file, "utf8")) as { dir?: unknown; kept?: unknown };
      const ours = (dir: unknown): dir is string => typeof dir === "string" && dirname(dir) === dirname(this.#fallback) && this.#names.test(basename(dir));
      return { dir: ours(recorded.dir) ? recorded.dir : fallback.dir, kept: ours(recorded.kept) ? recorded.kept : null };
    } catch {
      return fallback;
    }
  }

  async write(layout: Layout): Promise<void> {
    await writeFile(`${this.#file}.new`, JSON.stringify(layout), { mode: 0o600 });
    await rename(`${this.#file}.new`, this.#file);
  }

  /** A new data directory beside the default one: `STEM.TIME`. */
  next(stem: string): string {
    return join(dirname(this.#fallback), `${stem}.${Date.now().toString(36)}`);
  }
}

/** One server whose data directory can be switched: a Redis of one addon, or the PostgreSQL/MariaDB of all. */
export interface SwitchableServer {
  layout(addon: Addon): DataLayout;
  /** The new data directory for the `target` version. */
  newDir(addon: Addon, target: string): string;
  stop(addon: Addon): Promise<void>;
  /** Starts on the recorded directory (initialising it when empty); `fresh`: makes the addons' databases and roles in it. */
  start(addon: Addon, context: RebuildContext, fresh: boolean): Promise<void>;
  /** Deletes a data directory (as the engine account) and what the daemon recorded about it. */
  remove(dir: string): Promise<void>;
}

/**
 * The major-upgrade steps every engine shares (ADR 78): switch to a new data directory (the
 * old one kept, stopped; a failure serves it again), roll back to it, or confirm by deleting it.
 */
export function dataDirectoryRebuild(scope: EngineRebuild["scope"], server: SwitchableServer, contents?: EngineRebuild["contents"]): EngineRebuild {
  return {
    scope,
    ...(contents === undefined ? {} : { contents }),
    pending: (addon) => server.layout(addon).read().kept,
    async switchToNew(addon, target, context) {
      const layout = server.layout(addon);
      const old = layout.read();
      const next = server.newDir(addon, target);
      await server.stop(addon);
      await layout.write({ dir: next, kept: old.dir });
      try {
        await server.start(addon, context, true);
      } catch (error) {
        // The old data directory serves again: the upgrade changed nothing.
        await server.stop(addon);
        await layout.write(old);
        await server.start(addon, context, false);
        await server.remove(next);
        throw error;
      }
      return next;
    },
    async rollback(addon, context) {
      const layout = server.layout(addon);
      const { dir, kept } = layout.read();
      if (kept === null) return;
      await server.stop(addon);
      await layout.write({ dir: kept, kept: null });
      await server.start(addon, context, false);
      await server.remove(dir);
    },
    async confirm(addon) {
      const layout = server.layout(addon);
      const { dir, kept } = layout.read();
      if (kept === null) return;
      await server.remove(kept);
      await layout.write({ dir, kept: null });
    },
  };
}
