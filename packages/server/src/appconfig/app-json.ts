import { Hop3Error } from "@hop3/contract";
import { appJsonSchema } from "./app-json-schema.ts";
import type { AppJson } from "./app-json-schema.ts";
import { jsonSyntaxProblem } from "./json-syntax-error.ts";
import { problemsMessage } from "./problems-message.ts";
import { processTypeNameProblem } from "./process-types.ts";
import { jsonDialect, schemaProblems } from "./schema-problems.ts";

/**
 * Parses and validates an `app.json` (Heroku, Dokku). Throws `APP_CONFIG_INVALID` with messages
 * starting with the file name: for a syntax error with its line and column, otherwise with up
 * to five problems, each naming the full key path. Only the keys Hop3 reads are checked;
 * unknown keys are left for warnings (`unknownKeys`).
 */
export function parseAppJson(text: string, fileName = "app.json"): AppJson {
  // Editors on Windows may save a byte order mark, which JSON.parse refuses.
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { line, column, reason } = jsonSyntaxProblem(source, error);
    const where = line === undefined ? `${fileName}:` : `${fileName} line ${line}, column ${column}:`;
    throw new Hop3Error("APP_CONFIG_INVALID", `${where} ${reason}`, { cause: error });
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const found = Array.isArray(data) ? "an array" : data === null ? "null" : `a ${typeof data}`;
    throw new Hop3Error("APP_CONFIG_INVALID", `${fileName}: the file must hold a JSON object ({ … }), got ${found}`);
  }

  const problems = schemaProblems(appJsonSchema, data, jsonDialect);
  if (problems.length === 0) problems.push(...nameProblems(data as AppJson));
  if (problems.length > 0) throw new Hop3Error("APP_CONFIG_INVALID", problemsMessage(fileName, problems));
  return data as AppJson;
}

/** Process type names in `formation`, checked as a Procfile's are. */
function nameProblems(config: AppJson): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const name of Object.keys(config.formation ?? {})) {
    const problem = processTypeNameProblem(name);
    if (problem !== undefined) problems.push(`in "formation", ${problem}`);
    const same = seen.get(name.toLowerCase());
    if (same !== undefined) problems.push(`in "formation", "${same}" and "${name}" name the same process type`);
    seen.set(name.toLowerCase(), name);
  }
  return problems;
}
