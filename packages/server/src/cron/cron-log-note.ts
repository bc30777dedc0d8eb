import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { stampLogLine } from "../core/log-line.ts";

/**
 * Appends a timestamped `[hop3]` line to a job's log (`<logs>/<app>/<job>.log`), as the
 * supervisor does for instances (ADR 18), so `hop3 logs APP -p cron` shows when each run started and how it ended.
 */
export function cronLogNote(logDirOf: (app: string) => string): (app: string, job: string, message: string) => void {
  return (app, job, message) => {
    try {
      appendFileSync(join(logDirOf(app), `${job}.log`), `${stampLogLine(`[hop3] ${job} ${message}`)}\n`, { mode: 0o600 });
    } catch {
      // The app's log directory is gone only when the app is being destroyed.
    }
  };
}
