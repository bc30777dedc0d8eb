import type { DatabaseSync } from "node:sqlite";

/** Runs `run` in one SQLite transaction: all its writes, or none (it throws after a rollback). */
export function inTransaction<T>(db: DatabaseSync, run: () => T): T {
  db.exec("BEGIN");
  try {
    const result = run();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
