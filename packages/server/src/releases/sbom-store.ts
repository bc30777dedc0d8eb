import { createHash } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";

/** A stored SBOM as written, with the digest recorded when it was. */
export interface StoredSbom {
  readonly document: string;
  readonly sha256: string;
}

/** The SBOM of each build, one row per release that built (a rollback runs an older release's build and has none). */
export class SbomStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Stores `document` for the release row `releaseId` with the SHA-256 of its text. */
  save(releaseId: number, document: string): void {
    this.#db
      .prepare("INSERT OR REPLACE INTO release_sboms (release_id, document, sha256, created_at) VALUES (?, ?, ?, ?)")
      .run(releaseId, document, sha256(document), new Date().toISOString());
  }

  /** The SBOM of release `number` of the app, or null when it has none. */
  find(appId: number, number: number): StoredSbom | null {
    const row = this.#db
      .prepare("SELECT s.document, s.sha256 FROM release_sboms s JOIN releases r ON r.id = s.release_id WHERE r.app_id = ? AND r.number = ?")
      .get(appId, number);
    return row ? { document: String(row.document), sha256: String(row.sha256) } : null;
  }

  /** Deletes the SBOMs of the app's builds not in `kept`: they go with their build directories. */
  pruneExcept(appId: number, kept: ReadonlySet<number>): void {
    const rows = this.#db.prepare("SELECT s.release_id AS id, r.number FROM release_sboms s JOIN releases r ON r.id = s.release_id WHERE r.app_id = ?").all(appId);
    const remove = this.#db.prepare("DELETE FROM release_sboms WHERE release_id = ?");
    for (const row of rows) if (!kept.has(Number(row.number))) remove.run(Number(row.id));
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
