import { copyFileSync, readdirSync, renameSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";

/** When an instance log is rotated and how many old files are kept (ADR 13). */
export interface LogRotationPolicy {
  readonly maxBytes: number;
  /** Rotated files kept per log: `<log>.1` (newest) to `<log>.<keep>`. */
  readonly keep: number;
}

/** 10 MiB and two old files: an instance's output is capped near 30 MiB. */
export const defaultLogRotation: LogRotationPolicy = { maxBytes: 10 * 1024 * 1024, keep: 2 };

/**
 * Rotates `file` by copy-truncate when it has reached the policy's size: the running process
 * holds the file open with O_APPEND, so it cannot be renamed away; after the truncate the
 * process's next write lands at the new end (offset 0). Lines written between the copy and
 * the truncate are lost, a window of microseconds. Returns true when it rotated.
 */
export function rotateLog(file: string, policy: LogRotationPolicy): boolean {
  if (sizeOf(file) < policy.maxBytes) return false;
  rmSync(`${file}.${policy.keep}`, { force: true });
  for (let n = policy.keep - 1; n >= 1; n--) {
    if (sizeOf(`${file}.${n}`) >= 0) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
  }
  if (policy.keep > 0) copyFileSync(file, `${file}.1`);
  truncateSync(file, 0);
  return true;
}

/** Rotates every instance log (`<logsDir>/<app>/*.log`) that has outgrown the policy. */
export function rotateLogs(logsDir: string, policy: LogRotationPolicy): number {
  let rotated = 0;
  for (const app of entries(logsDir)) {
    for (const name of entries(join(logsDir, app))) {
      if (!name.endsWith(".log")) continue;
      try {
        if (rotateLog(join(logsDir, app, name), policy)) rotated += 1;
      } catch {
        // The app is being destroyed under us; its logs go with it.
      }
    }
  }
  return rotated;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The file's size, or -1 when there is none. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}
