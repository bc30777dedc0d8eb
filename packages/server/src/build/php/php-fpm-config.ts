/**
 * The PHP-FPM configuration of an app's web process: in the foreground, one pool listening
 * for FastCGI on 127.0.0.1:$PORT (PHP-FPM expands `${PORT}` from its environment), with the
 * app's environment passed to the scripts and the workers' output in the process log.
 * The port is reachable by every local user, and FastCGI names the script to run: `doc_root`
 * makes PHP-FPM run only scripts under the app's document root.
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
    "listen = 127.0.0.1:${PORT}",
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
