import { Hop3Error } from "@hop3/contract";
import { cronScheduleProblem } from "../core/cron-schedule.ts";
import { processTypeNameProblem } from "./process-types.ts";
import { shown } from "./shown.ts";
import { splitLines } from "./split-lines.ts";

/** One `type: command` line of a Procfile. */
export interface ProcfileEntry {
  /** The process type, lowercased: `Web:` and `web:` are the same type. */
  readonly type: string;
  readonly command: string;
  readonly line: number;
}

/** One `cron: MIN HOUR DOM MON DOW command` (or `cron: @daily command`) line. */
export interface ProcfileCronJob {
  /** The five schedule fields separated by single spaces, or a nickname such as `@hourly`. */
  readonly schedule: string;
  readonly command: string;
  readonly line: number;
}

/** A parsed Procfile: process types in file order, and cron jobs (the one type that may repeat). */
export interface Procfile {
  readonly fileName: string;
  readonly entries: readonly ProcfileEntry[];
  readonly cron: readonly ProcfileCronJob[];
}

// Five schedule fields, then the command (which keeps its own spacing).
const cronPattern = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S.*)$/;
// A nickname such as @daily, then the command.
const cronNicknamePattern = /^(@\S+)\s+(\S.*)$/;

/**
 * Parses a Procfile. Throws `PROCFILE_INVALID` naming the file and line for a line without
 * `type: command`, an invalid type name, an empty command, a type defined twice or an invalid
 * cron schedule.
 */
export function parseProcfile(text: string, fileName = "Procfile"): Procfile {
  const entries: ProcfileEntry[] = [];
  const cron: ProcfileCronJob[] = [];
  const fail = (line: number, problem: string, hint?: string): never => {
    throw new Hop3Error("PROCFILE_INVALID", `${fileName} line ${line}: ${problem}`, hint === undefined ? {} : { hint });
  };

  for (const { number, text: raw } of splitLines(text)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;

    const colon = line.indexOf(":");
    if (colon === -1) fail(number, `expected "type: command", got ${shown(line)}`);
    const written = line.slice(0, colon).trim();
    const command = line.slice(colon + 1).trim();
    if (written === "") fail(number, `missing process type before ":" in ${shown(line)}`);
    const problem = processTypeNameProblem(written);
    if (problem !== undefined) fail(number, `${problem}; each line is "type: command"`);
    const type = written.toLowerCase();
    if (command === "") fail(number, `process type "${type}" has no command`);

    if (type === "cron") {
      cron.push(parseCronLine(command, number, (at, problem) => fail(at, problem, cronHint)));
      continue;
    }
    const earlier = entries.find((entry) => entry.type === type);
    if (earlier !== undefined) fail(number, `process type "${type}" is already defined on line ${earlier.line}`);
    entries.push({ type, command, line: number });
  }
  return { fileName, entries, cron };
}

/** The hint of a cron line's error: the line's format, not the generic `type: command`. */
const cronHint =
  "A cron line is `cron: MINUTE HOUR DAY MONTH WEEKDAY command` (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7 where 0 and 7 are Sunday; `*`, `a-b`, `*/n` and lists `a,b`) or `cron: @daily command`; see docs/app-config.md.";

function parseCronLine(text: string, line: number, fail: (line: number, problem: string) => never): ProcfileCronJob {
  const job = splitCronLine(text);
  if (job === undefined) {
    fail(line, `a cron line needs a schedule (five fields or a nickname such as @daily) and a command, e.g. "cron: */5 * * * * ./job.sh"; got ${shown(text)}`);
  }
  const { schedule, command } = job as { schedule: string; command: string };
  const problem = cronScheduleProblem(schedule);
  if (problem !== undefined) fail(line, `invalid cron schedule ${shown(schedule)}: ${problem}`);
  return { schedule, command, line };
}

function splitCronLine(text: string): { schedule: string; command: string } | undefined {
  const nickname = cronNicknamePattern.exec(text);
  if (nickname !== null) return { schedule: nickname[1] ?? "", command: nickname[2] ?? "" };
  const match = cronPattern.exec(text);
  if (match === null || match[1]?.startsWith("@") === true) return undefined;
  const [, minute, hour, dayOfMonth, month, dayOfWeek, command] = match;
  return { schedule: [minute, hour, dayOfMonth, month, dayOfWeek].join(" "), command: command ?? "" };
}
