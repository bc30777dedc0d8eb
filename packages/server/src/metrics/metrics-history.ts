import type { DatabaseSync } from "node:sqlite";

/** One figure of a sample: `appId` 0 is the host. */
export interface MetricValue {
  readonly appId: number;
  readonly name: string;
  readonly value: number;
}

/** A point of history: its bucket's start (Unix seconds) and each series' value. */
export interface HistoryPoint {
  readonly at: number;
  readonly values: Record<string, number>;
}

const minute = 60;
const hour = 3600;
/** How long each step is kept. */
export const retention = { [minute]: 24 * hour, [hour]: 30 * 24 * hour } as const;

/**
 * The compact history of sampled metrics in the state database: samples are averaged per
 * minute in memory and written once a minute; each finished hour is rolled up into one point;
 * points older than their step's retention are deleted. 1-minute points for 24 h and 1-hour
 * points for 30 days stay a few hundred KB per app.
 */
export class MetricsHistory {
  readonly #db: DatabaseSync;
  /** The minute being averaged: its start, and per series the sum and count of samples. */
  #bucket: { at: number; sums: Map<string, { appId: number; name: string; sum: number; count: number }> } | null = null;
  /** The hour up to which roll-ups are done (null: not yet this run, so every missed hour is looked for). */
  #rolledUpTo: number | null = null;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Adds one sample taken at `nowSeconds`; a sample in a later minute writes the previous one. */
  record(nowSeconds: number, values: readonly MetricValue[]): void {
    const at = Math.floor(nowSeconds / minute) * minute;
    if (this.#bucket !== null && this.#bucket.at !== at) this.flush(nowSeconds);
    this.#bucket ??= { at, sums: new Map() };
    for (const { appId, name, value } of values) {
      if (!Number.isFinite(value)) continue;
      const key = `${appId}\0${name}`;
      const entry = this.#bucket.sums.get(key) ?? { appId, name, sum: 0, count: 0 };
      entry.sum += value;
      entry.count += 1;
      this.#bucket.sums.set(key, entry);
    }
  }

  /** Writes the minute being averaged, rolls finished hours up and drops expired points. */
  flush(nowSeconds: number): void {
    const bucket = this.#bucket;
    this.#bucket = null;
    this.#db.exec("BEGIN");
    try {
      if (bucket !== null) {
        const insert = this.#db.prepare("INSERT OR REPLACE INTO metric_points (app_id, name, step, at, value) VALUES (?, ?, ?, ?, ?)");
        for (const { appId, name, sum, count } of bucket.sums.values()) insert.run(appId, name, minute, bucket.at, sum / count);
      }
      // Every hour that has ended and has minute points but no roll-up yet (after a restart, all of them).
      const currentHour = Math.floor(nowSeconds / hour) * hour;
      if (this.#rolledUpTo !== currentHour) this.#db
        .prepare(
          `INSERT OR IGNORE INTO metric_points (app_id, name, step, at, value)
           SELECT app_id, name, ${hour}, (at / ${hour}) * ${hour} AS hour_at, AVG(value) FROM metric_points
           WHERE step = ${minute} AND at >= ? AND at < ? GROUP BY app_id, name, hour_at`,
        )
        // Only the hours ended since the last roll-up (all of them after a restart): an index range, not the table.
        .run(this.#rolledUpTo ?? 0, currentHour);
      this.#rolledUpTo = currentHour;
      this.#db.prepare("DELETE FROM metric_points WHERE step = ? AND at < ?").run(minute, nowSeconds - retention[minute]);
      this.#db.prepare("DELETE FROM metric_points WHERE step = ? AND at < ?").run(hour, nowSeconds - retention[hour]);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** An app's (or the host's, 0) points of the last `sinceSeconds`: by minute up to 24 h, by hour beyond. */
  query(appId: number, sinceSeconds: number, nowSeconds: number): { step: number; points: HistoryPoint[] } {
    const step = sinceSeconds <= retention[minute] ? minute : hour;
    const rows = this.#db.prepare("SELECT name, at, value FROM metric_points WHERE app_id = ? AND step = ? AND at >= ? ORDER BY at").all(appId, step, nowSeconds - sinceSeconds);
    const points = new Map<number, Record<string, number>>();
    for (const row of rows) {
      const at = Number(row.at);
      const values = points.get(at) ?? {};
      values[String(row.name)] = Number(row.value);
      points.set(at, values);
    }
    return { step, points: [...points].map(([at, values]) => ({ at, values })) };
  }

  /** How many points are stored (for the benchmark). */
  rowCount(): number {
    return Number(this.#db.prepare("SELECT COUNT(*) AS n FROM metric_points").get()?.n ?? 0);
  }
}
