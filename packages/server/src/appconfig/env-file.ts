import { Hop3Error } from "@hop3/contract";
import { isLoaderVariable, loaderVariableProblem } from "../core/loader-variables.ts";
import { envNameProblem } from "@hop3/contract";
import { splitLines } from "./split-lines.ts";

/** One `KEY=value` line of an `ENV` or `.env` file. */
export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** A parsed `ENV` (Piku) or `.env` (dotenv) file, entries in file order. */
export interface EnvFile {
  readonly fileName: string;
  readonly entries: readonly EnvEntry[];
}

const escapes: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/**
 * Parses `KEY=value` lines: optional `export ` prefix, `#` comments, blank lines, spaces around
 * `=`, single-quoted (literal) and double-quoted (`\n`, `\t`, `\"`, `\\` escapes) values.
 * Unquoted values end at ` #` (a comment). Throws `ENV_FILE_INVALID` naming the file and line
 * (`ENV_VAR_FORBIDDEN` for a loader variable); messages never repeat values, which are often secrets.
 */
export function parseEnvFile(text: string, fileName: string): EnvFile {
  const entries: EnvEntry[] = [];
  for (const { number, text: raw } of splitLines(text)) {
    const fail = (problem: string): never => {
      throw new Hop3Error("ENV_FILE_INVALID", `${fileName} line ${number}: ${problem}`);
    };
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;

    const assignment = line.replace(/^export\s+(?=\S)/, "");
    const equals = assignment.indexOf("=");
    if (equals === -1) fail("expected KEY=value");
    const key = assignment.slice(0, equals).trim();
    if (key === "") fail('missing variable name before "="');
    const problem = envNameProblem(key);
    if (problem !== undefined) fail(problem);
    if (isLoaderVariable(key)) throw new Hop3Error("ENV_VAR_FORBIDDEN", `${fileName} line ${number}: ${loaderVariableProblem(key)}`);
    const value = parseValue(assignment.slice(equals + 1).trimStart(), key, fail);

    const earlier = entries.find((entry) => entry.key === key);
    // dotenv keeps the first value and Piku the last: refuse rather than guess.
    if (earlier !== undefined) fail(`${key} is already set on line ${earlier.line}`);
    entries.push({ key, value, line: number });
  }
  return { fileName, entries };
}

function parseValue(text: string, key: string, fail: (problem: string) => never): string {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") {
    // A `#` starts a comment only after whitespace, so `pass#word` and URL fragments survive.
    const comment = text.search(/\s#/);
    return (comment === -1 ? text : text.slice(0, comment)).trimEnd();
  }

  let value = "";
  let index = 1;
  for (; index < text.length && text[index] !== quote; index++) {
    const char = text[index] ?? "";
    const next = text[index + 1];
    if (quote === '"' && char === "\\" && next !== undefined && Object.hasOwn(escapes, next)) {
      value += escapes[next];
      index++;
    } else {
      value += char;
    }
  }
  const kind = quote === '"' ? "double" : "single";
  if (index >= text.length) {
    fail(`the ${kind}-quoted value of ${key} has no closing quote (values cannot span lines; use \\n inside double quotes)`);
  }
  const rest = text.slice(index + 1).trim();
  if (rest !== "" && !rest.startsWith("#")) {
    fail(`unexpected text after the closing quote of ${key}'s value`);
  }
  return value;
}
