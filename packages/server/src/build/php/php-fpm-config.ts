/**
 * The PHP-FPM configuration of an app's web process: in the foreground, one pool listening
 * for FastCGI on the Unix socket `$HOP3_FPM_SOCKET` (PHP-FPM expands `${...}` from its
 * environment), which only the app's user can open; the app's Caddy in the same instance
 * talks to it. The app's environment is passed to the scripts and the workers' output goes
 * to the process log. FastCGI names the script to run: `doc_root` makes PHP-FPM run only
 * scripts under the app's document root.
 */
export function phpFpmConfig(docRoot: string): string {
  return [
    "; Written by Hop3's php builder.",
    "[global]",
    "error_log = /proc/self/fd/2",
    "daemonize = no",
    "log_level = warning",
    "",
    "[web]",
    "listen = ${HOP3_FPM_SOCKET}",
    "listen.mode = 0600",
    "pm = dynamic",
    "pm.max_children = 5",
    "pm.start_servers = 2",
    "pm.min_spare_servers = 1",
    "pm.max_spare_servers = 3",
    "clear_env = no",
    "catch_workers_output = yes",
    "decorate_workers_output = no",
    "security.limit_extensions = .php",
    `php_admin_value[doc_root] = ${docRoot}`,
    "",
  ].join("\n");
}
