import { isAbsolute } from "node:path";
import type { CaddyJson } from "./caddy-json.ts";

/**
 * Files of a Hop3 app that its web server never serves, at any depth: dotfiles (.git, .env...)
 * and the app's configuration. Bare names match any path component in Caddy's `hide`.
 */
export const hiddenFiles = [".*", "Procfile", "hop3.toml", "ENV"] as const;

/** Composer's files, also never served from a PHP app's document root. */
const composerFiles = ["composer.json", "composer.lock", "auth.json"] as const;

/** Environment variable holding the loopback port the app's web server listens on. */
export const portEnv = "PORT";

/** Environment variable holding the path of PHP-FPM's Unix socket, shared by both processes. */
export const fpmSocketEnv = "HOP3_FPM_SOCKET";

export interface AppServerInput {
  /** Absolute directory served; only the app's own user reads it (ADR 26). */
  readonly root: string;
  /** Set for PHP apps: `*.php` and unknown paths go to PHP-FPM on the socket named by `fpmSocketEnv`. */
  readonly php?: boolean | undefined;
}

/**
 * The Caddy config of an app's own web server, the process that reads the app's files: it runs
 * as the app's user in the app's sandbox, so a link in the served tree reaches only what the
 * app itself may read. No admin endpoint (nothing can reconfigure it), no saved config, and the
 * listen port comes from `$PORT` so one config serves every instance.
 */
export function renderAppServerConfig(input: AppServerInput): { readonly [key: string]: CaddyJson } {
  if (!isAbsolute(input.root)) throw new Error(`The web root must be an absolute path, got "${input.root}"`);
  const routes = input.php ? phpRoutes(input.root) : [{ handle: [{ handler: "file_server", root: input.root, index_names: ["index.html"], hide: [...hiddenFiles] }] }];
  return {
    admin: { disabled: true, config: { persist: false } },
    logging: { logs: { default: { level: "ERROR" } } },
    apps: {
      http: {
        servers: {
          app: {
            listen: [`127.0.0.1:{env.${portEnv}}`],
            automatic_https: { disable: true },
            routes,
          },
        },
      },
    },
  };
}

// What Caddy's `php_fastcgi` directive expands to: a request for a file that does not exist
// (or a directory) goes to the front controller index.php; *.php goes to PHP-FPM; every other
// file is served by this server.
function phpRoutes(root: string): CaddyJson[] {
  const path = "{http.request.uri.path}";
  return [
    { match: [{ file: { root, try_files: [path, `${path}/index.php`, "index.php"], split_path: [".php"] } }], handle: [{ handler: "rewrite", uri: "{http.matchers.file.relative}" }] },
    {
      match: [{ path: ["*.php"] }],
      handle: [{ handler: "reverse_proxy", transport: { protocol: "fastcgi", root, split_path: [".php"] }, upstreams: [{ dial: `unix/{env.${fpmSocketEnv}}` }] }],
    },
    { handle: [{ handler: "file_server", root, hide: [...hiddenFiles, ...composerFiles] }] },
  ];
}
