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

/** The last `count` lines of a log, reaching into its rotated files (`.1`, `.2`…) when the current one is shorter. */
export function lastLines(file: string, count: number): string[] {
  const lines: string[] = [];
  for (let n = 0; lines.length < count; n++) {
    const path = n === 0 ? file : `${file}.${n}`;
    const tail = tailOf(path, count - lines.length);
    if (tail === null) break;
    lines.unshift(...tail);
  }
  return lines;
}

/** The last `count` complete lines of one file (reading backwards from its end), or null when it does not exist. */
function tailOf(file: string, count: number): string[] | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return null;
  }
  try {
    let position = statSync(file).size;
    let text = "";
    const chunk = Buffer.alloc(64 * 1024);
    // count + 1 newlines bound the last `count` lines (the file ends with one).
    while (position > 0 && newlines(text) <= count) {
      const length = Math.min(chunk.length, position);
      position -= length;
      readSync(fd, chunk, 0, length, position);
      text = chunk.subarray(0, length).toString("latin1") + text;
    }
    const lines = Buffer.from(text, "latin1").toString("utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    return count === 0 ? [] : lines.slice(-count);
  } finally {
    closeSync(fd);
  }
}

function newlines(text: string): number {
  let found = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) found += 1;
  return found;
}
