import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { Clock } from "../scheduler/clock.ts";
import type { ConfigCipher } from "../configvars/config-cipher.ts";
import type { ResticRepository, ResticSnapshotEntry } from "../backups/restic-repository.ts";

/** The tag of the server-level snapshots (apps' are `app:NAME`). */
export const serverTag = "server";

/** A server-level snapshot is made again when the last one this daemon made is older than this. */
const refreshMs = 24 * 60 * 60 * 1000;

export interface ServerStateBackupDeps {
  readonly db: DatabaseSync;
  readonly cipher: Pick<ConfigCipher, "keyFiles" | "fingerprint">;
  readonly repository: Pick<ResticRepository, "backup" | "location">;
  /** The daemon's own staging directory for it (0700). */
  readonly stagingDir: string;
  readonly clock: Pick<Clock, "now">;
}

/** What a server-level snapshot's `server/manifest.json` says. */
export interface ServerStateManifest {
  readonly format: 1;
  readonly kind: "server";
  /** The fingerprint of `config.key` (a hash: never the key). */
  readonly configKey: string;
}

/**
 * The server-level backup (ADR 70): Hop3's own state beside the apps' snapshots, so that a new
 * server can bring the apps back from the repository and its password alone. It holds the
 * config key (the apps' backups keep their config vars encrypted with it) and the keys of
 * servers this one was restored from, and a copy of the database (users, tokens, audit) for
 * reading with sqlite3, and from which `hop3-server restore` brings the users back, ADR 83).
 * Made with an app's backup, when this daemon has made none in the last day for this repository,
 * or when who may do what (users, roles, SSH keys, tokens) changed since its last one: a user
 * added in the morning is in the evening's backup. The key never changes, and restic stores an
 * unchanged copy in a few bytes.
 */
export class ServerStateBackup {
  readonly #deps: ServerStateBackupDeps;
  #last: { at: number; location: string; access: string } | null = null;
  /** Backups of two apps at once share one server-level snapshot (and its staging directory). */
  #pending: Promise<void> | null = null;

  constructor(deps: ServerStateBackupDeps) {
    this.#deps = deps;
  }

  /** Makes a server-level snapshot unless a recent one exists; throws (naming it) when it cannot. */
  async ensureRecent(): Promise<void> {
    const { clock, repository } = this.#deps;
    const last = this.#last;
    if (last && last.location === repository.location && clock.now() - last.at < refreshMs && last.access === accessFingerprint(this.#deps.db)) return;
    this.#pending ??= this.#save().finally(() => {
      this.#pending = null;
    });
    await this.#pending;
  }

  async #save(): Promise<void> {
    const { db, cipher, repository, stagingDir, clock } = this.#deps;
    const staged = join(stagingDir, "server");
    const access = accessFingerprint(db);
    try {
      rmSync(stagingDir, { recursive: true, force: true });
      mkdirSync(join(staged, "former-config-keys"), { recursive: true, mode: 0o700 });
      const keys = cipher.keyFiles();
      copyFileSync(keys.current, join(staged, "config.key"));
      for (const file of keys.former) copyFileSync(file, join(staged, "former-config-keys", basename(file)));
      // A consistent copy while the daemon writes (SQLite's own online copy).
      db.exec(`VACUUM INTO '${join(staged, "hop3.db").replaceAll("'", "''")}'`);
      const manifest: ServerStateManifest = { format: 1, kind: "server", configKey: cipher.fingerprint() };
      writeFileSync(join(staged, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
      await repository.backup(staged, [serverTag], new Date(clock.now()), () => undefined);
      this.#last = { at: clock.now(), location: repository.location, access };
    } catch (error) {
      throw new Error(`The server-level backup (config key and database) failed: ${(error as Error).message}`);
    } finally {
      rmSync(stagingDir, { recursive: true, force: true });
    }
  }
}

/** The newest server-level snapshot of a repository's list (restic lists them oldest first). */
export function latestServerSnapshot(snapshots: readonly ResticSnapshotEntry[]): ResticSnapshotEntry | null {
  return snapshots.filter((snapshot) => snapshot.tags.includes(serverTag) && snapshot.paths.length === 1).at(-1) ?? null;
}

/** The keys a restored server-level snapshot holds: its config key first, then the former ones it kept. */
export function keysOfServerSnapshot(staged: string): Buffer[] {
  const formerDir = join(staged, "former-config-keys");
  const former = existsSync(formerDir) ? readdirSync(formerDir).filter((name) => name.endsWith(".key")).map((name) => readFileSync(join(formerDir, name))) : [];
  return [readFileSync(join(staged, "config.key")), ...former];
}

// What `hop3-server restore` brings back (ADR 83); a token's last use is not a change of access.
const accessTables = ["users", "app_access", "api_tokens", "ssh_keys"];

/** A hash of the access tables the database has: it changes when a user, role, key or token does. */
function accessFingerprint(db: DatabaseSync): string {
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => String(row.name)));
  const hash = createHash("sha256");
  for (const table of accessTables.filter((name) => present.has(name))) {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all().map(({ last_used_at: _used, ...row }) => row);
    hash.update(`${table}\0${JSON.stringify(rows)}\0`);
  }
  return hash.digest("hex");
}
