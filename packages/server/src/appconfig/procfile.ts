import { Hop3Error } from "@hop3/contract";
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

/** One `cron: MIN HOUR DOM MON DOW command` line. */
export interface ProcfileCronJob {
  /** The five schedule fields, separated by single spaces. */
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

/**
 * Parses a Procfile. Throws `PROCFILE_INVALID` naming the file and line for a line without
 * `type: command`, an invalid type name, an empty command or a type defined twice.
 */
export function parseProcfile(text: string, fileName = "Procfile"): Procfile {
  const entries: ProcfileEntry[] = [];
  const cron: ProcfileCronJob[] = [];
  const fail = (line: number, problem: string): never => {
    throw new Hop3Error("PROCFILE_INVALID", `${fileName} line ${line}: ${problem}`);
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
      cron.push(parseCronLine(command, number, fail));
      continue;
    }
    const earlier = entries.find((entry) => entry.type === type);
    if (earlier !== undefined) fail(number, `process type "${type}" is already defined on line ${earlier.line}`);
    entries.push({ type, command, line: number });
  }
  return { fileName, entries, cron };
}

function parseCronLine(text: string, line: number, fail: (line: number, problem: string) => never): ProcfileCronJob {
  if (text.startsWith("@")) {
    fail(line, `cron schedules need five fields (MIN HOUR DOM MON DOW); ${shown(text.split(/\s/)[0] ?? text)} is not supported`);
  }
  const match = cronPattern.exec(text);
  if (match === null) {
    fail(line, `a cron line needs five schedule fields and a command, e.g. "cron: */5 * * * * ./job.sh"; got ${shown(text)}`);
  }
  const [, minute, hour, dayOfMonth, month, dayOfWeek, command] = match ?? [];
  return { schedule: [minute, hour, dayOfMonth, month, dayOfWeek].join(" "), command: command ?? "", line };
}
