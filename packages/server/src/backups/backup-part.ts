import type { App } from "../core/app.ts";
import type { RunAs } from "../core/app-identity.ts";

/** Where a part works: the app, as whom its tree is touched, and the part's own staging directory. */
export interface BackupPartContext {
  readonly app: App;
  /** The app's account (its build sandbox): work in the app's tree runs as it (ADR 25, 31). */
  readonly runAs: RunAs | undefined;
  /** The part's directory in the staging tree, the daemon's own (0700): the part writes its files here, or reads them back. */
  readonly dir: string;
  /** The app the backup was made of (a restore --to restores into another app). */
  readonly from: string;
}

/** What a restored part can still do: put back what it replaced, or drop it once the restore stands. */
export interface RestoredPart {
  undo(): Promise<void>;
  commit(): Promise<void>;
}

/**
 * One part of an app's backup (ADR 47): the data directory, the config, the release tree, and
 * later one per addon (pg_dump, Redis RDB…). A part dumps into its staging directory; restic
 * stores the staging tree as one snapshot, so a backup has every part or is `failed`. A part
 * restores from the same directory once the app's writers are stopped, and can be undone.
 */
export interface BackupPart {
  readonly name: string;
  /** False when the app has nothing of this kind (no addon attached): the backup holds no such part. Absent: always held. */
  holds?(app: App): boolean;
  /** Writes the part's files into `context.dir`; throws (naming what failed) when it cannot. */
  dump(context: BackupPartContext): Promise<void>;
  /** Puts the part back into `context.app`; `into` says whether the app is new (restore --to) or the backed-up one. */
  restore(context: BackupPartContext, into: "same" | "new"): Promise<RestoredPart>;
}

/** A restored part with nothing to put back. */
export const nothingToUndo: RestoredPart = { undo: async () => undefined, commit: async () => undefined };
