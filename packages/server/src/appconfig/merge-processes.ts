import { posix } from "node:path";
import { Hop3Error } from "@hop3/contract";
import type { ConfigNotice, ErrorCode } from "@hop3/contract";
import type { Hop3Toml } from "./hop3-toml-schema.ts";
import { processTypeRole, pythonWebCommand } from "./process-types.ts";
import type { Procfile } from "./procfile.ts";
import { shown } from "./shown.ts";

/** What the Procfile and hop3.toml together say about processes, static files and hooks. */
export interface MergedProcesses {
  readonly processes: Record<string, string>;
  readonly staticRoot: string | null;
  /** Procfile `prebuild` / `postbuild` commands. */
  readonly hooks: { readonly before: string[]; readonly after: string[] };
  /** `release` commands: the Procfile's, then hop3.toml `[run.workers] release`. */
  readonly release: string[];
  readonly notices: ConfigNotice[];
}

/** A process type as declared in one file, with where it was declared for messages. */
interface Declaration {
  readonly type: string;
  readonly command: string;
  readonly file: string;
  /** `Procfile line 3`, `hop3.toml "run.start"`. */
  readonly where: string;
  /** The declaration as a whole, for notices: `Procfile line 3: "preflight"`, `hop3.toml "run.workers.preflight"`. */
  readonly setting: string;
}

/** A resolved setting (a process command or the static root) and the declaration behind it. */
interface Resolved {
  readonly value: string;
  readonly from: Declaration;
}

/**
 * Merges Procfile entries with hop3.toml `run.start` and `[run.workers]` (which take the same
 * names as the Procfile) and `[static] "/"`. A process type or static root declared in both
 * files must agree; `wsgi:`/`asgi:` become a `web` process.
 */
export function mergeProcesses(procfile: Procfile | undefined, toml: { fileName: string; config: Hop3Toml } | undefined): MergedProcesses {
  const notices: ConfigNotice[] = [];
  const hooks = { before: [] as string[], after: [] as string[] };
  const release: string[] = [];
  const fromProcfile = procfile === undefined ? [] : procfileDeclarations(procfile);
  const fromToml = toml === undefined ? [] : tomlDeclarations(toml.fileName, toml.config, notices);

  const processes = new Map<string, Resolved>();
  const statics: Resolved[] = [];
  for (const declarations of [fromProcfile, fromToml]) {
    const inThisFile = new Map<string, Resolved>();
    for (const declaration of declarations) {
      const role = processTypeRole(declaration.type);
      if (role === "process" || role === "python-web") {
        const type = role === "process" ? declaration.type : "web";
        const command = role === "process" ? declaration.command : pythonWebCommand(declaration.type as "wsgi" | "asgi", declaration.command);
        const earlier = inThisFile.get(type);
        if (earlier !== undefined) throw conflict(type, earlier, { value: command, from: declaration });
        inThisFile.set(type, { value: command, from: declaration });
      } else if (role === "static") {
        statics.push({ value: staticDirectory(declaration), from: declaration });
      } else if (role === "build-hook") {
        (declaration.type === "prebuild" ? hooks.before : hooks.after).push(declaration.command);
      } else if (role === "release") {
        release.push(declaration.command);
      } else if (role === "cron") {
        // Only hop3.toml [run.workers] can get here: Procfile cron lines are jobs.
        notices.push({ code: "cron-in-workers", at: declaration.setting });
      } else {
        notices.push({ code: "not-supported-yet", at: declaration.setting });
      }
    }
    for (const [type, resolved] of inThisFile) {
      const earlier = processes.get(type);
      if (earlier !== undefined && earlier.value !== resolved.value) throw conflict(type, earlier, resolved);
      processes.set(type, resolved);
    }
  }

  const [firstStatic, ...otherStatics] = statics;
  const differing = otherStatics.find((other) => other.value !== firstStatic?.value);
  if (firstStatic !== undefined && differing !== undefined) throw conflict("static", firstStatic, differing);
  return {
    hooks,
    release,
    notices,
    processes: Object.fromEntries([...processes].map(([type, resolved]) => [type, resolved.value])),
    staticRoot: firstStatic?.value ?? null,
  };
}

function procfileDeclarations(procfile: Procfile): Declaration[] {
  return procfile.entries.map((entry) => {
    const where = `${procfile.fileName} line ${entry.line}`;
    return { ...entry, file: procfile.fileName, where, setting: `${where}: "${entry.type}"` };
  });
}

function tomlDeclarations(fileName: string, config: Hop3Toml, notices: ConfigNotice[]): Declaration[] {
  const declare = (type: string, command: string, where: string): Declaration => ({
    type,
    command,
    file: fileName,
    where: `${fileName} ${where}`,
    setting: `${fileName} ${where}`,
  });
  const workers = Object.entries(config.run?.workers ?? {}).map(([name, command]) => declare(name.toLowerCase(), command, `"run.workers.${name}"`));
  const declarations: Declaration[] = [];
  // A web-serving entry in [run.workers] overrides `run.start`, as in the original Hop3.
  const start = config.run?.start;
  const webWorker = workers.some((worker) => worker.type === "web" || processTypeRole(worker.type) === "python-web");
  if (start !== undefined && !webWorker) declarations.push(declare("web", start, '"run.start"'));
  declarations.push(...workers);

  // `[run] static` is the 2026 schema's place for the same table.
  for (const [urlPath, directory] of [...Object.entries(config.static ?? {}), ...Object.entries(config.run?.static ?? {})]) {
    if (urlPath === "/") {
      declarations.push(declare("static", directory, '[static] "/"'));
    } else {
      notices.push({ code: "static-path-not-root", at: `${fileName} [static]`, path: urlPath });
    }
  }
  return declarations;
}

/** The static directory of a declaration, normalised; it must stay inside the app. */
function staticDirectory(declaration: Declaration): string {
  const directory = posix.normalize(declaration.command.trim()).replace(/(.)\/+$/, "$1");
  if (posix.isAbsolute(directory) || directory === ".." || directory.startsWith("../")) {
    throw new Hop3Error(codeFor([declaration.file]), `${declaration.where}: the static directory must be inside the app, got ${shown(declaration.command)}`);
  }
  return directory;
}

function conflict(type: string, first: Resolved, second: Resolved): Hop3Error {
  const describe = (resolved: Resolved) =>
    `${resolved.from.where}${resolved.from.type === type ? "" : ` (as "${resolved.from.type}")`} says ${shown(resolved.value)}`;
  const what = type === "static" ? "the static directory" : `process type "${type}"`;
  return new Hop3Error(
    codeFor([first.from.file, second.from.file]),
    `${what} is defined twice: ${describe(first)} and ${describe(second)}; keep one of them`,
  );
}

/** A conflict inside one file is that file's error; across files it is the app's. */
function codeFor(files: readonly string[]): ErrorCode {
  const distinct = new Set(files);
  if (distinct.size > 1) return "APP_CONFIG_INVALID";
  const [file] = distinct;
  return file?.endsWith(".toml") === true ? "HOP3_TOML_INVALID" : "PROCFILE_INVALID";
}
