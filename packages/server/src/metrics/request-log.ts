import { closeSync, fstatSync, openSync, readSync, truncateSync } from "node:fs";

/** Latency histogram bounds (seconds), Prometheus' usual web buckets. */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export type StatusClass = "2xx" | "3xx" | "4xx" | "5xx";
const classes: readonly StatusClass[] = ["2xx", "3xx", "4xx", "5xx"];

/** One app's requests as the proxy logged them, counted since the daemon started. */
export interface AppRequests {
  readonly total: Readonly<Record<StatusClass, number>>;
  /** Requests per latency bucket (`latencyBuckets`, then +Inf), and the sum of durations in seconds. */
  readonly buckets: readonly number[];
  readonly durationSum: number;
  /** Over the last read: requests, 5xx answers and summed seconds, for rates and the history. */
  readonly last: { readonly requests: number; readonly errors: number; readonly durationSum: number; readonly seconds: number };
}

interface Counters {
  total: Record<StatusClass, number>;
  buckets: number[];
  durationSum: number;
  last: { requests: number; errors: number; durationSum: number; seconds: number };
}

export interface RequestLogOptions {
  /** Caddy's access log: JSON lines, one logger per app (`http.log.access.<app>`). */
  readonly file: string;
  /** Bytes read at most per call: a flood is skipped (and counted as lost), not buffered. */
  readonly maxReadBytes?: number;
  /** Once read past this, the file is emptied, so it never grows beyond it by much. */
  readonly truncateAtBytes?: number;
}

const loggerPrefix = "http.log.access.";

/**
 * Per-app request counts, status classes and latency from the proxy's access log (ADR 62),
 * read incrementally by the daemon: bounded memory (a few counters per app), a bounded file (it
 * is emptied once read past `truncateAtBytes`; the few lines Caddy appends in the instant
 * between the last read and the truncation are lost). Only fields Caddy itself writes are used
 * (logger, status, duration); the request (URL, headers, client address) is filtered out by
 * Caddy before it reaches the file.
 */
export class RequestLog {
  readonly #options: Required<RequestLogOptions>;
  readonly #apps = new Map<string, Counters>();
  #offset: number | null = null;
  #partial = "";
  #lastAtMs: number | null = null;
  /** Bytes skipped because the log grew faster than it is read. */
  skippedBytes = 0;

  constructor(options: RequestLogOptions) {
    this.#options = { maxReadBytes: 4 * 1024 * 1024, truncateAtBytes: 16 * 1024 * 1024, ...options };
  }

  /** Reads what was appended since the last call and returns each known app's counters. */
  read(known: ReadonlySet<string>, nowMs = Date.now()): ReadonlyMap<string, AppRequests> {
    const seconds = this.#lastAtMs === null ? 0 : (nowMs - this.#lastAtMs) / 1000;
    this.#lastAtMs = nowMs;
    for (const [app, counters] of this.#apps) {
      if (!known.has(app)) this.#apps.delete(app);
      else counters.last = { requests: 0, errors: 0, durationSum: 0, seconds };
    }
    for (const line of this.#newLines()) this.#count(line, known, seconds);
    return this.#apps;
  }

  #newLines(): string[] {
    let fd: number;
    try {
      fd = openSync(this.#options.file, "r");
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      // At the first read, what is already there is history from before this daemon: skipped.
      if (this.#offset === null || size < this.#offset) {
        this.#offset = this.#offset === null ? size : 0;
        this.#partial = "";
      }
      if (size - this.#offset > this.#options.maxReadBytes) {
        this.skippedBytes += size - this.#offset - this.#options.maxReadBytes;
        this.#offset = size - this.#options.maxReadBytes;
        this.#partial = "";
      }
      const buffer = Buffer.alloc(size - this.#offset);
      const read = buffer.length === 0 ? 0 : readSync(fd, buffer, 0, buffer.length, this.#offset);
      this.#offset += read;
      const text = this.#partial + buffer.subarray(0, read).toString("utf8");
      const lines = text.split("\n");
      this.#partial = (lines.pop() ?? "").slice(0, 65_536);
      if (this.#offset >= this.#options.truncateAtBytes && this.#offset === size) {
        truncateSync(this.#options.file, 0);
        this.#offset = 0;
      }
      return lines;
    } finally {
      closeSync(fd);
    }
  }

  #count(line: string, known: ReadonlySet<string>, seconds: number): void {
    let entry: { logger?: unknown; status?: unknown; duration?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    if (typeof entry.logger !== "string" || !entry.logger.startsWith(loggerPrefix) || typeof entry.status !== "number") return;
    const app = entry.logger.slice(loggerPrefix.length);
    if (!known.has(app)) return;
    const statusClass = classes[Math.floor(entry.status / 100) - 2];
    const duration = typeof entry.duration === "number" && entry.duration >= 0 ? entry.duration : 0;
    let counters = this.#apps.get(app);
    if (counters === undefined) {
      counters = { total: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 }, buckets: Array<number>(latencyBuckets.length + 1).fill(0), durationSum: 0, last: { requests: 0, errors: 0, durationSum: 0, seconds } };
      this.#apps.set(app, counters);
    }
    if (statusClass !== undefined) counters.total[statusClass] += 1;
    const bucket = latencyBuckets.findIndex((bound) => duration <= bound);
    counters.buckets[bucket === -1 ? latencyBuckets.length : bucket] = (counters.buckets[bucket === -1 ? latencyBuckets.length : bucket] ?? 0) + 1;
    counters.durationSum += duration;
    counters.last.requests += 1;
    if (statusClass === "5xx") counters.last.errors += 1;
    counters.last.durationSum += duration;
  }
}
