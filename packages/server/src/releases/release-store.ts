import type { DatabaseSync } from "node:sqlite";
import { defaultReleaseSettings, type Release, type ReleaseSettings, type ReleaseSource, type ReleaseStatus } from "../core/release.ts";
import { staticServerCommand } from "../build/web-server-command.ts";

/** What a finished build records on its release. */
export interface ReleaseOutcome {
  readonly status: ReleaseStatus;
  readonly builder?: string | null;
  readonly processes?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly staticRoot?: string | null;
  readonly settings?: ReleaseSettings;
  readonly error?: string | null;
}

/** Releases in the state database. */
export class ReleaseStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Opens the next release of an app, numbered after the last one. */
  begin(appId: number, source: ReleaseSource = { kind: "upload" }, buildOf: number | null = null): Release {
    const last = this.#db.prepare("SELECT max(number) AS n FROM releases WHERE app_id = ?").get(appId);
    const number = Number(last?.n ?? 0) + 1;
    const createdAt = new Date().toISOString();
    const result = this.#db
      .prepare("INSERT INTO releases (app_id, number, status, created_at, source, git_sha, git_ref, build_of) VALUES (?, ?, 'building', ?, ?, ?, ?, ?)")
      .run(appId, number, createdAt, source.kind, "sha" in source ? source.sha : null, "ref" in source ? source.ref : null, buildOf);
    return this.#get(Number(result.lastInsertRowid));
  }

  finish(id: number, outcome: ReleaseOutcome): Release {
    this.#db
      .prepare(
        `UPDATE releases SET status = ?, builder = coalesce(?, builder), processes = coalesce(?, processes),
         env = coalesce(?, env), static_root = coalesce(?, static_root), settings = coalesce(?, settings),
         error = ?, finished_at = ? WHERE id = ?`,
      )
      .run(
        outcome.status,
        outcome.builder ?? null,
        outcome.processes ? JSON.stringify(outcome.processes) : null,
        outcome.env ? JSON.stringify(outcome.env) : null,
        outcome.staticRoot ?? null,
        outcome.settings ? JSON.stringify(outcome.settings) : null,
        outcome.error ?? null,
        new Date().toISOString(),
        id,
      );
    return this.#get(id);
  }

  /** Marks every earlier succeeded release of the app as superseded. */
  supersedeBefore(appId: number, number: number): void {
    this.#db.prepare("UPDATE releases SET status = 'superseded' WHERE app_id = ? AND number < ? AND status = 'succeeded'").run(appId, number);
  }

  /** Releases still marked as building: their deploy was cut short by a server stop or crash. */
  interrupted(appId: number): Release[] {
    return this.#db.prepare("SELECT * FROM releases WHERE app_id = ? AND status = 'building' ORDER BY number").all(appId).map(toRelease);
  }

  /** The release serving the app: its latest succeeded one. */
  current(appId: number): Release | null {
    const row = this.#db.prepare("SELECT * FROM releases WHERE app_id = ? AND status = 'succeeded' ORDER BY number DESC LIMIT 1").get(appId);
    return row ? toRelease(row) : null;
  }

  /** Every release of the app, newest first. */
  list(appId: number): Release[] {
    return this.#db.prepare("SELECT * FROM releases WHERE app_id = ? ORDER BY number DESC").all(appId).map(toRelease);
  }

  find(appId: number, number: number): Release | null {
    const row = this.#db.prepare("SELECT * FROM releases WHERE app_id = ? AND number = ?").get(appId, number);
    return row ? toRelease(row) : null;
  }

  /** The builds (release numbers) that the newest `keep` releases run: every other build may go. */
  buildsInUse(appId: number, keep: number): Set<number> {
    return new Set(
      this.#db
        // The newest `keep`, and always the serving one and any being built: a prune that runs in the
        // background after a switch may meet the app's next deploy.
        .prepare(
          "SELECT coalesce(build_of, number) AS build FROM (SELECT * FROM releases WHERE app_id = ? AND status != 'failed' ORDER BY number DESC LIMIT ?) UNION SELECT coalesce(build_of, number) FROM releases WHERE app_id = ? AND status IN ('building', 'succeeded')",
        )
        .all(appId, keep, appId)
        .map((row) => Number(row.build)),
    );
  }

  #get(id: number): Release {
    const row = this.#db.prepare("SELECT * FROM releases WHERE id = ?").get(id);
    if (!row) throw new Error(`release ${id} vanished`);
    return toRelease(row);
  }
}

function toRelease(row: Record<string, unknown>): Release {
  const staticRoot = row.static_root === null ? null : String(row.static_root);
  const processes = JSON.parse(String(row.processes)) as Record<string, string>;
  // A static site built before ADR 26 has no web process (the proxy served its files): it
  // gets the file server of the app's own that its build would give it now.
  if (staticRoot !== null && processes["web"] === undefined) processes["web"] = staticServerCommand(staticRoot);
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    number: Number(row.number),
    status: row.status as ReleaseStatus,
    source: sourceOf(row),
    builder: row.builder === null ? null : String(row.builder),
    processes,
    env: JSON.parse(String(row.env)) as Record<string, string>,
    staticRoot,
    settings: { ...defaultReleaseSettings, ...(JSON.parse(String(row.settings)) as Partial<ReleaseSettings>) },
    buildOf: row.build_of === null ? Number(row.number) : Number(row.build_of),
    error: row.error === null ? null : String(row.error),
    createdAt: String(row.created_at),
    finishedAt: row.finished_at === null ? null : String(row.finished_at),
  };
}

function sourceOf(row: Record<string, unknown>): ReleaseSource {
  const sha = row.git_sha === null ? null : String(row.git_sha);
  const ref = row.git_ref === null ? null : String(row.git_ref);
  if (row.source === "git" && sha !== null && ref !== null) return { kind: "git", sha, ref };
  if (row.source === "rollback") return { kind: "rollback", sha, ref };
  if (row.source === "config") return { kind: "config" };
  return { kind: "upload" };
}
