import { Hop3Error } from "@hop3/contract";

/** An addon as the state database keeps it. */
export interface Addon {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  /** The engine's own credentials for this addon (e.g. a Redis admin password), decrypted. */
  readonly secret: Readonly<Record<string, string>>;
}

/** An addon attached to an app: the engine's credentials for it (its role/user), decrypted. */
export interface Attachment {
  readonly addon: string;
  readonly type: string;
  readonly appId: number;
  readonly app: string;
  readonly prefix: string;
  readonly credentials: Readonly<Record<string, string>>;
}

/** What a major upgrade's engine steps need: every addon and attachment (a shared server remakes them all). */
export interface RebuildContext {
  readonly addons: readonly Addon[];
  readonly attachments: readonly Attachment[];
}

/**
 * What an engine does in a major upgrade (ADR 68, 78); the service dumps the data first and
 * loads the dump after `switchToNew`. The old data directory is kept, stopped, until `confirm`
 * deletes it or `rollback` serves it again. Sockets and credentials do not change.
 */
export interface EngineRebuild {
  /**
   * What moves: `addon`, the addon alone (one server per addon: Redis); `engine`, the one
   * server of the type with every addon it serves (PostgreSQL, MariaDB).
   */
  readonly scope: "addon" | "engine";
  /** The kept data directory of a switch not yet confirmed, if any. */
  pending(addon: Addon): string | null;
  /**
   * Stops the server, keeps its data directory, starts the `target` version's binaries on a
   * new one with the addons' databases and roles made again, empty; returns the new directory.
   * A failure serves the old directory again before it is thrown.
   */
  switchToNew(addon: Addon, target: string, context: RebuildContext): Promise<string>;
  /** Serves the kept data directory again and deletes the new one. */
  rollback(addon: Addon, context: RebuildContext): Promise<void>;
  /** Deletes the kept data directory. */
  confirm(addon: Addon): Promise<void>;
  /** What the addon holds (its tables and row counts), compared before the switch and after the load: a difference rolls back. */
  contents?(addon: Addon): Promise<string>;
}

/** An engine's client, connected as one attachment: what `addons:connect` runs. */
export interface AddonShell {
  readonly argv: readonly [string, ...string[]];
  readonly env: Readonly<Record<string, string>>;
}

/** The app an attachment is for: its engine-side identity is derived from these. */
export interface AttachingApp {
  readonly name: string;
  /** Its Unix account: PostgreSQL maps it (peer authentication) to the attachment's role. */
  readonly unixUser: string;
}

/**
 * One addon engine (PostgreSQL, Redis): a driver folder in addon-drivers/ behind this
 * interface. Engines are supervised by Hop3, keep running when the server stops and are
 * adopted by the next start (ADR 42); each attachment is its own role/user (ADR 43).
 */
export interface AddonEngine {
  readonly type: string;
  /** The engine's version, e.g. "15.18". */
  version(): Promise<string>;
  /** Starts (or adopts) what serves these addons; called at the server's start and before any change. */
  ensureRunning(addons: readonly Addon[], attachments: readonly Attachment[]): Promise<void>;
  /** Makes the addon's storage; returns its secret (stored encrypted). */
  create(name: string): Promise<Record<string, string>>;
  /** Deletes the addon and its data, for good. */
  destroy(addon: Addon): Promise<void>;
  /** Makes the attachment's own role/user; returns its credentials (stored encrypted). */
  attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>>;
  /** Removes the attachment's role/user: the app can no longer reach the addon. */
  detach(addon: Addon, attachment: Attachment, app: AttachingApp): Promise<void>;
  /** The attachments changed (after attach/detach): engines that keep an access list rewrite it. */
  accessChanged?(attachments: readonly Attachment[]): Promise<void>;
  /** Writes a dump of the addon's data to `file` (the daemon's); absent when the engine cannot yet. */
  exportTo?(addon: Addon, file: string): Promise<void>;
  /** Loads a dump made by `exportTo`; refuses one that is not (ADDON_IMPORT_INVALID) before changing anything. */
  importFrom?(addon: Addon, file: string): Promise<void>;
  /** Removes the addon's data (tables, keys), keeping the addon and its attachments: a restore in place loads a backup's dump into it. */
  empty?(addon: Addon): Promise<void>;
  /**
   * The engine's interactive client for `addons:connect` (ADR 68), run as the attached app's
   * account in its sandbox: argv without secrets, secrets in env only. Absent: no shell (s3).
   */
  shell?(addon: Addon, attachment: Attachment): AddonShell;
  /** Every version of the engine installed on this host (postgres: one per major); default: `version()`. */
  installedVersions?(): Promise<string[]>;
  /** How many parts of a version name its major (MariaDB 10.11: 2; others 1). */
  readonly majorParts?: number;
  /** A minor upgrade in place (ADR 68): restarts what serves the addon on the binaries installed now; returns the addons that restarted with it. */
  restart?(addon: Addon, addons: readonly Addon[], attachments: readonly Attachment[]): Promise<string[]>;
  /** The major-upgrade path (ADR 68), for engines whose addon can move to a data directory of its own. */
  readonly rebuild?: EngineRebuild;
  /** The variables the app gets (names unprefixed: DATABASE_URL, REDIS_URL...). */
  env(addon: Addon, attachment: Attachment): Record<string, string>;
  /** Names among `env`'s whose values are secret (masked unless asked). */
  readonly secretVariables: readonly string[];
  status(addon: Addon): Promise<"running" | "stopped">;
  sizeBytes(addon: Addon): Promise<number | null>;
  /** Lets go of the engine processes without stopping them (the server is stopping). */
  detachProcesses(): void;
}

const addonName = /^[a-z][a-z0-9-]{1,39}$/;
const prefixPattern = /^[A-Z][A-Z0-9_]{0,39}$/;

export function checkAddonName(name: string): string {
  if (!addonName.test(name)) throw new Hop3Error("ADDON_NAME_INVALID", `The addon name ${JSON.stringify(name.slice(0, 80))} is not valid; nothing was changed.`);
  return name;
}

export function checkAddonPrefix(prefix: string): string {
  if (!prefixPattern.test(prefix)) throw new Hop3Error("ADDON_PREFIX_INVALID", `The prefix ${JSON.stringify(prefix.slice(0, 80))} is not valid; nothing was changed.`);
  return prefix;
}

/** `DATABASE_URL` as the app sees it: prefixed `CACHE_REDIS_URL` for a second addon of a type. */
export function prefixed(env: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  return prefix === "" ? { ...env } : Object.fromEntries(Object.entries(env).map(([name, value]) => [`${prefix}_${name}`, value]));
}

/** A default prefix from an addon name: `main-cache` gives `MAIN_CACHE`. */
export function defaultPrefix(addon: string): string {
  return addon.toUpperCase().replace(/-/g, "_");
}
