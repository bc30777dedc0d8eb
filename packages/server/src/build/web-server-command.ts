import { join } from "node:path";
import { fpmSocketEnv, renderAppServerConfig } from "../proxy/caddy/app-server.ts";
import { quoteArgv } from "./build-step.ts";

/**
 * The app's own web server (ADR 26): Caddy run from the process command, its whole config
 * given on stdin, so that no file the app could rewrite configures it and nothing is written
 * outside the release. It runs like any process of the app (its user, its sandbox).
 */
function caddyFromStdin(config: unknown): string {
  return `printf '%s\\n' ${quoteArgv([JSON.stringify(config)])} | exec caddy run --config -`;
}

/** The `web` process of a static site: a file server for `root` on 127.0.0.1:$PORT. */
export function staticServerCommand(root: string): string {
  return caddyFromStdin(renderAppServerConfig({ root }));
}

export interface PhpServerOptions {
  /** Absolute document root. */
  readonly docRoot: string;
  /** PHP-FPM in the foreground, its pool listening on `$HOP3_FPM_SOCKET`. */
  readonly fpmCommand: string;
  /** Directory of the release where each instance's PHP-FPM socket is made (the app's user writes it). */
  readonly socketDir: string;
}

/**
 * The `web` process of a PHP app: PHP-FPM on a Unix socket of its own (one per instance, named
 * after its port) and the app's Caddy in front of it, serving the files and the scripts. When
 * PHP-FPM ends, `kill 0` ends the whole instance, so the supervisor restarts the pair.
 */
export function phpServerCommand(options: PhpServerOptions): string {
  const socket = `${quoteArgv([join(options.socketDir, "fpm-")])}"$PORT".sock`;
  return `${fpmSocketEnv}=${socket}; export ${fpmSocketEnv}; { ${options.fpmCommand}; kill 0; } & ${caddyFromStdin(renderAppServerConfig({ root: options.docRoot, php: true }))}`;
}
