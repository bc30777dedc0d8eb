import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";

/** One instance's log: `web.1` and its current file (`<logs>/<app>/web.1.log`); a cron job's is `cron.<name>`. */
export interface InstanceLog {
  readonly instance: string;
  readonly file: string;
}

/** The app's instance logs, sorted by type then index, optionally of one process type. */
export function instanceLogs(appLogsDir: string, type?: string): InstanceLog[] {
  let names: string[];
  try {
    names = readdirSync(appLogsDir);
  } catch {
    return [];
  }
  return names
    // Type names and job names have no dots; rotated files (`web.1.log.1`) do not match.
    .map((name) => /^([^.]+)\.([^.]+)\.log$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null && (type === undefined || match[1] === type))
    .sort((a, b) => (a[1] ?? "").localeCompare(b[1] ?? "") || byIndex(a[2] ?? "", b[2] ?? ""))
    .map((match) => ({ instance: `${match[1]}.${match[2]}`, file: join(appLogsDir, match[0]) }));
}

/** Instance numbers in numeric order, then cron job names (`cron.1`, `cron.2`, `cron.cleanup`). */
function byIndex(a: string, b: string): number {
  const [numberA, numberB] = [Number(a), Number(b)];
  if (Number.isInteger(numberA) && Number.isInteger(numberB)) return numberA - numberB;
  if (Number.isInteger(numberA) !== Number.isInteger(numberB)) return Number.isInteger(numberA) ? -1 : 1;
  return a.localeCompare(b);
}

/** A line a reader keeps (e.g. only one release's); every line when absent. */
export type LineFilter = (stored: string) => boolean;

/**
 * The last `count` lines of a log (those `keep` accepts, when given), reaching into its rotated
 * files (`.1`, `.2`…) when the current one has fewer.
 */
export function lastLines(file: string, count: number, keep?: LineFilter): string[] {
  const lines: string[] = [];
  for (let n = 0; lines.length < count; n++) {
    const path = n === 0 ? file : `${file}.${n}`;
    const tail = tailOf(path, count - lines.length, keep);
    if (tail === null) break;
    lines.unshift(...tail);
  }
  return lines;
}

/** A line longer than this without a newline ends the backwards read (the timestamper splits at 64 KiB). */
const longestLine = 1024 * 1024;

/**
 * The last `count` complete lines of one file that `keep` accepts, read backwards from its end
 * in chunks until enough were found, or null when the file does not exist.
 */
function tailOf(file: string, count: number, keep: LineFilter = () => true): string[] | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return null;
  }
  try {
    const found: string[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    let position = statSync(file).size;
    // The start of the earliest line read so far, whose beginning lies further back.
    let partial = Buffer.alloc(0);
    while (position > 0 && found.length < count && partial.length <= longestLine) {
      const length = Math.min(chunk.length, position);
      position -= length;
      readSync(fd, chunk, 0, length, position);
      const data = Buffer.concat([chunk.subarray(0, length), partial]);
      const start = position === 0 ? 0 : data.indexOf(10) + 1;
      if (position > 0 && start === 0) {
        partial = data;
        continue;
      }
      partial = data.subarray(0, start);
      const lines = data.subarray(start).toString("utf8").split("\n");
      if (lines.at(-1) === "") lines.pop();
      for (let i = lines.length - 1; i >= 0 && found.length < count; i--) {
        const line = lines[i] ?? "";
        if (keep(line)) found.push(line);
      }
    }
    return found.reverse();
  } finally {
    closeSync(fd);
  }
}
