/**
 * Process type names, as written in a Procfile or under `[run.workers]`, and the names that
 * mean more than "run this command" (Heroku, Piku and original Hop3 conventions).
 */

const processTypeNamePattern = /^[a-z0-9][a-z0-9_-]*$/i;
const maxProcessTypeNameLength = 63;

/** Why `name` cannot be a process type, in words; undefined when it can. Case is ignored. */
export function processTypeNameProblem(name: string): string | undefined {
  if (!processTypeNamePattern.test(name)) {
    return `${JSON.stringify(name)} is not a valid process type name (letters, digits, "-" and "_", starting with a letter or digit)`;
  }
  if (name.length > maxProcessTypeNameLength) {
    return `process type name ${JSON.stringify(name)} is longer than ${maxProcessTypeNameLength} characters`;
  }
  return undefined;
}

/** What a process type name stands for. */
export type ProcessTypeRole =
  /** A long-running process: `web` (routed by the proxy) or any other name (a background type). */
  | "process"
  /** `wsgi` / `asgi`: a Python module path that Hop3 serves with a WSGI/ASGI server as `web`. */
  | "python-web"
  /** `static`: a directory served by the proxy; no process. */
  | "static"
  /** `prebuild` / `postbuild`: commands run around the build. */
  | "build-hook"
  /** `release`: a command run once per deploy before the new release takes traffic. */
  | "release"
  /** `cron`: a scheduled job (`cron: 0 3 * * * command`), run by the server's scheduler, not a process. */
  | "cron"
  /** Understood but not implemented yet: reported as a warning. */
  | "unsupported";

const roles: ReadonlyMap<string, ProcessTypeRole> = new Map<string, ProcessTypeRole>([
  ["wsgi", "python-web"],
  ["asgi", "python-web"],
  ["static", "static"],
  ["prebuild", "build-hook"],
  ["postbuild", "build-hook"],
  ["release", "release"],
  ["preflight", "unsupported"],
  ["cron", "cron"],
  // Piku's Java and Ruby flavours of `wsgi`, served by uWSGI plugins Hop3 does not ship.
  ["jwsgi", "unsupported"],
  ["rwsgi", "unsupported"],
]);

/** The role of a (lowercase) process type name. */
export function processTypeRole(type: string): ProcessTypeRole {
  return roles.get(type) ?? "process";
}

/**
 * The `web` command serving a `wsgi:`/`asgi:` module path such as `myapp.wsgi:application`:
 * gunicorn for WSGI, uvicorn for ASGI, listening on `$PORT` on loopback (the proxy is the way in).
 */
export function pythonWebCommand(kind: "wsgi" | "asgi", modulePath: string): string {
  return kind === "wsgi"
    ? `gunicorn -b 127.0.0.1:$PORT ${modulePath}`
    : `uvicorn --host 127.0.0.1 --port $PORT ${modulePath}`;
}
