import { closeSync, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { compileLogPattern, maxMatchedLineLength } from "../appconfig/log-pattern.ts";

/** An app whose log lines are watched: its pattern and the directory of its instance logs. */
export interface WatchedApp {
  readonly app: string;
  readonly pattern: string;
  readonly logDir: string;
  /** When the pattern took effect (its release was made), in ms; lines stamped before it never alert. */
  readonly sinceMs?: number;
}

/** The last line of an app that matched its pattern. */
export interface LogMatch {
  readonly pattern: string;
  readonly line: string;
  readonly atMs: number;
}

interface Followed {
  offset: number;
  partial: string;
}

/** New bytes read at most per log file per scan: a flood is skipped, not buffered. */
const maxReadBytes = 1024 * 1024;

/**
 * The log-pattern rule's eyes (ADR 62): at each scan, reads what each watched app's instance
 * logs (`<type>.<n>.log`) gained since the last one and keeps the last line matching the app's
 * pattern. Patterns run on V8's linear-time engine, on at most 4 KiB of a line; memory is an
 * offset per file and the last match per app. Logs present at an app's first scan are followed
 * from their end (old lines do not alert), files that appear later from their start. An app
 * whose pattern came with a release made while this watch runs is read, at its first scan, from
 * the lines stamped since that release (up to 1 MiB back): a line its new instances print at
 * once, before the first scan, alerts.
 */
export class LogPatternWatch {
  readonly #startedAtMs: number;
  readonly #files = new Map<string, Followed>();
  readonly #seenApps = new Set<string>();
  readonly #matches = new Map<string, LogMatch>();
  readonly #compiled = new Map<string, RegExp>();

  constructor(startedAtMs = Date.now()) {
    this.#startedAtMs = startedAtMs;
  }

  scan(apps: readonly WatchedApp[], nowMs = Date.now()): void {
    const watched = new Set(apps.map((app) => app.app));
    for (const app of this.#matches.keys()) if (!watched.has(app)) this.#matches.delete(app);
    const liveFiles = new Set<string>();
    for (const app of apps) {
      const regex = this.#regex(app.pattern);
      if (regex === null) continue;
      const firstScan = !this.#seenApps.has(app.app);
      this.#seenApps.add(app.app);
      // At the first scan: from the end, or from the lines stamped since a release made while this watch runs.
      const from: ReadFrom = !firstScan ? "start" : app.sinceMs !== undefined && app.sinceMs >= this.#startedAtMs ? { stampedSinceMs: app.sinceMs } : "end";
      let names: string[];
      try {
        names = readdirSync(app.logDir).filter((name) => /^[a-z0-9_-]+\.\d+\.log$/i.test(name));
      } catch {
        continue;
      }
      for (const name of names) {
        const file = join(app.logDir, name);
        liveFiles.add(file);
        for (const line of this.#newLines(file, from)) {
          if (regex.test(line.slice(0, maxMatchedLineLength))) this.#matches.set(app.app, { pattern: app.pattern, line, atMs: nowMs });
        }
      }
    }
    for (const file of this.#files.keys()) if (!liveFiles.has(file)) this.#files.delete(file);
    for (const app of this.#seenApps) if (!watched.has(app)) this.#seenApps.delete(app);
  }

  /** The app's last matching line, if any. */
  lastMatch(app: string): LogMatch | undefined {
    return this.#matches.get(app);
  }

  #regex(pattern: string): RegExp | null {
    let regex = this.#compiled.get(pattern);
    if (regex === undefined) {
      try {
        regex = compileLogPattern(pattern);
      } catch {
        return null; // Checked at deploy: only a release of an older Hop3 could hold a bad one.
      }
      if (this.#compiled.size > 1000) this.#compiled.clear();
      this.#compiled.set(pattern, regex);
    }
    return regex;
  }

  #newLines(file: string, from: ReadFrom): string[] {
    let fd: number;
    try {
      fd = openSync(file, "r");
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      let followed = this.#files.get(file);
      let stampedSinceMs: number | null = null;
      if (followed === undefined) {
        followed = { offset: from === "end" ? size : 0, partial: "" };
        if (typeof from === "object") stampedSinceMs = from.stampedSinceMs;
        this.#files.set(file, followed);
      }
      // Rotated by copy-truncate (ADR 13): what was written since starts at 0.
      if (size < followed.offset) followed.offset = 0;
      if (size - followed.offset > maxReadBytes) {
        followed.offset = size - maxReadBytes;
        followed.partial = "";
      }
      if (size === followed.offset) return [];
      const buffer = Buffer.alloc(size - followed.offset);
      const read = readSync(fd, buffer, 0, buffer.length, followed.offset);
      followed.offset += read;
      const lines = (followed.partial + buffer.subarray(0, read).toString("utf8")).split("\n");
      followed.partial = (lines.pop() ?? "").slice(0, maxMatchedLineLength);
      return stampedSinceMs === null ? lines : lines.filter((line) => stampOf(line) >= (stampedSinceMs as number));
    } finally {
      closeSync(fd);
    }
  }
}

/** Where a log file is first read: its end, its start, or its last MiB's lines stamped since a time. */
type ReadFrom = "end" | "start" | { readonly stampedSinceMs: number };

/** The time an instance log line starts with (ADR 18), in ms; NaN when it has none (never counts as recent). */
function stampOf(line: string): number {
  return Date.parse(line.slice(0, 24));
}
