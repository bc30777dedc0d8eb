import type { EnvEntry, EnvFile } from "./env-file.ts";
import { shown } from "./shown.ts";

/** What Piku's deployment settings in `ENV`/`.env` become in Hop3. */
export interface PikuSettings {
  /** `NGINX_STATIC_PATHS` `/:dir`: the directory served at the root, as Procfile `static:`. */
  readonly staticRoot: string | null;
  /** `NODE_VERSION`: the Node.js major the app needs, as hop3.toml `[build] node-version`. */
  readonly nodeVersion: string | null;
  readonly warnings: readonly string[];
}

/**
 * Piku's documented ENV settings that Hop3 has no equivalent for, and why (each warned about by
 * name when set). The values stay in the app's environment, as on Piku.
 */
const unsupported: Readonly<Record<string, string>> = {
  BIND_ADDRESS: "web processes listen on $HOST (127.0.0.1) behind the proxy",
  DISABLE_IPV6: "the proxy listens as the server's settings say",
  PIKU_AUTO_RESTART: "each deploy starts new processes and retires the old ones",
  PYTHON_VERSION: "name the Python version in .python-version or runtime.txt",
  NGINX_CLOUDFLARE_ACL: "use the host firewall (`hop3 firewall`) to limit who connects",
  NGINX_INCLUDE_FILE: "there is no nginx: the proxy is Caddy, configured by Hop3",
  NGINX_ALLOW_GIT_FOLDERS: "the proxy serves no files of the app itself",
  NGINX_CATCH_ALL: "hosts no app has get the server's 404 page",
  NGINX_IPV4_ADDRESS: "the proxy listens as the server's settings say",
  NGINX_IPV6_ADDRESS: "the proxy listens as the server's settings say",
  UWSGI_MAX_REQUESTS: "wsgi: apps run under gunicorn (set its options in a `web:` command)",
  UWSGI_LISTEN: "wsgi: apps run under gunicorn (set its options in a `web:` command)",
  UWSGI_PROCESSES: "scale with `hop3 ps:scale APP web=N`, or set gunicorn's --workers in a `web:` command",
  UWSGI_ENABLE_THREADS: "wsgi: apps run under gunicorn (set its options in a `web:` command)",
  UWSGI_LOG_MAXSIZE: "logs are kept by Hop3 (`hop3 logs`)",
  UWSGI_LOG_X_FORWARDED_FOR: "logs are kept by Hop3 (`hop3 logs`)",
  UWSGI_GEVENT: "wsgi: apps run under gunicorn (use `web: gunicorn -k gevent …`)",
  UWSGI_ASYNCIO: "wsgi: apps run under gunicorn (use `asgi:` for asyncio apps)",
  UWSGI_INCLUDE_FILE: "wsgi: apps run under gunicorn (set its options in a `web:` command)",
  UWSGI_IDLE: "processes keep running; stop them with `hop3 ps:stop`",
};

/** Piku's `NGINX_CACHE_*` settings: the proxy caches nothing for apps. */
const cachePrefix = "NGINX_CACHE_";

/**
 * Reads Piku's deployment settings from `ENV`/`.env` (the last file setting one wins): the ones
 * with a Hop3 equivalent are returned as that (NGINX_SERVER_NAME becomes HOST_NAME, the app's
 * domains, in merge-env.ts), the others give a warning naming them.
 */
export function pikuSettings(envFiles: readonly EnvFile[]): PikuSettings {
  const latest = new Map<string, { file: string; entry: EnvEntry }>();
  for (const file of envFiles) for (const entry of file.entries) latest.set(entry.key, { file: file.fileName, entry });
  const warnings: string[] = [];
  const where = (key: string) => {
    const found = latest.get(key);
    return found === undefined ? key : `${found.file} line ${found.entry.line}: ${key}`;
  };

  // NGINX_SERVER_NAME is copied to HOST_NAME (merge-env.ts), whose hostnames become the app's domains.
  const serverName = latest.get("NGINX_SERVER_NAME")?.entry.value ?? "";
  if (/(^|[\s,])_($|[\s,])/.test(serverName)) warnings.push(`${where("NGINX_SERVER_NAME")} "_" (a catch-all) was ignored: hosts no app has get the server's 404 page`);

  let staticRoot: string | null = null;
  const staticPaths = latest.get("NGINX_STATIC_PATHS")?.entry.value;
  // `/prefix:directory,/other:directory`, as Piku writes nginx locations from it.
  for (const mapping of (staticPaths ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "")) {
    const colon = mapping.indexOf(":");
    const prefix = colon < 0 ? "" : mapping.slice(0, colon).replace(/\/+$/, "") || "/";
    const directory = colon < 0 ? "" : mapping.slice(colon + 1).replace(/^\.\//, "").replace(/\/+$/, "");
    if (prefix === "/" && directory !== "" && staticRoot === null) staticRoot = directory;
    else warnings.push(`${where("NGINX_STATIC_PATHS")} ${shown(mapping)} was ignored: only "/:directory" is served (by the app's own file server)`);
  }

  const https = latest.get("NGINX_HTTPS_ONLY")?.entry.value.toLowerCase();
  if (https !== undefined && !["1", "true", "yes", "on"].includes(https)) {
    warnings.push(`${where("NGINX_HTTPS_ONLY")} = ${shown(https)} was ignored: the proxy sends HTTP to HTTPS whenever the server serves HTTPS (tls setting)`);
  }

  const node = latest.get("NODE_VERSION")?.entry.value.trim().replace(/^v/, "");
  const nodeVersion = node === undefined || node === "" ? null : node;

  for (const key of latest.keys()) {
    const why = unsupported[key] ?? (key.startsWith(cachePrefix) ? "the proxy caches nothing for apps; send Cache-Control headers from the app" : undefined);
    if (why !== undefined) warnings.push(`${where(key)} is a Piku setting Hop3 does not act on (${why}); it stays in the environment only`);
  }
  return { staticRoot, nodeVersion, warnings };
}
