import type { ConfigNotice } from "./config-notices.ts";
import { envNameProblem } from "./env-name.ts";
import { shown } from "./shown.ts";

/** The one place a config notice becomes English: one sentence naming the file and setting. */
export function renderConfigNotice(notice: ConfigNotice): string {
  switch (notice.code) {
    case "not-supported-yet":
      return notYet(notice.at);
    case "no-such-tool":
      return `${notice.at} (${tools[notice.tool]}) is not supported and was ignored`;
    case "catch-all-host":
      return notYet(`${notice.at} (a catch-all: ${catchAll})`);
    case "domains-policy":
      return notYet(`${notice.at} (listed domains are added on each deploy; \`hop3 domains:remove\` removes one)`);
    case "volume-type-bind":
      return notYet(`${notice.at} of type bind (only persist and tmpfs volumes are made)`);
    case "volume-size-not-tmpfs":
      return notYet(`${notice.at} size (only a tmpfs is size-limited)`);
    case "static-path-not-root":
      return `${notice.at} ${shown(notice.path)} is not supported yet and was ignored (only "/" is served)`;
    case "port-source-not-opened": {
      const port = `${notice.port}/${notice.protocol}`;
      return `${notice.at} ${port} source "${notice.source}": Hop3's firewall opens a port to every address or to none, so it was not opened (\`hop3 firewall:allow ${port}\` opens it to all)`;
    }
    case "host-name-overridden":
      return `HOST_NAME (or NGINX_SERVER_NAME) was ignored for the app's domains: ${notice.file} [domains] list names them`;
    case "check-not-web":
      return ignored(notice.at, "only the web process is health-checked");
    case "check-type-unsupported":
      return ignored(notice.at, `${notice.checkType} checks are not supported yet (Hop3 checks a release once, as it starts)`);
    case "check-warn-only":
      return ignored(notice.at, "checks that only warn are not supported yet");
    case "check-not-chosen":
      return ignored(notice.at, `Hop3 runs one startup check, ${notice.chosen}`);
    case "check-key-ignored":
      return ignored(notice.at, checkKeys[notice.key]);
    case "check-kind-replaced":
      return ignored(notice.at, `${notice.kind} checks are not supported yet; Hop3 checks that the web process accepts connections instead`);
    case "check-needs-path":
      return ignored(notice.at, "it needs a path to request");
    case "overridden":
      return ignored(notice.at, `${notice.by} takes precedence`);
    case "check-replaced":
      return ignored(notice.at, `${notice.by} sets the health check`);
    case "unknown-key":
      return `${notice.file}: unknown key "${notice.key}" was ignored${notice.suggestion === null ? "" : `; did you mean "${notice.suggestion}"?`}`;
    case "first-deploy-script":
      return ignored(notice.at, `scripts run only after an app's first deploy are not supported yet ("scripts.dokku.postdeploy" runs after every deploy)`);
    case "ci-script":
      return ignored(notice.at, "Heroku review-app and CI scripts are not supported");
    case "env-name-refused":
      return ignored(notice.at, envNameProblem(notice.name) ?? `${notice.name} may not be set`);
    case "generated-value-unsupported":
      return `${notice.at} asks for a generated value, which is not supported yet; ${notice.key} was not set`;
    case "required-without-value":
      return `${notice.at} is required but has no value; set it in ENV, .env or hop3.toml [env]`;
    case "quantity-capped":
      return `${notice.at} is ${notice.asked}; Hop3 runs at most ${notice.max} instances of a process type, so it runs ${notice.max}`;
    case "buildpacks":
      return ignored(notice.at, "Hop3 picks a builder itself (hop3.toml [build] toolchain names one)");
    case "cron-in-workers":
      return ignored(notice.at, "scheduled jobs go in [cron.<name>] tables with a schedule and a command");
    case "piku-catch-all":
      return `${notice.at} "_" (a catch-all) was ignored: ${catchAll}`;
    case "piku-static-path":
      return ignored(`${notice.at} ${shown(notice.mapping)}`, `only "/:directory" is served (by the app's own file server)`);
    case "piku-https-only":
      return ignored(`${notice.at} = ${shown(notice.value)}`, "the proxy sends HTTP to HTTPS whenever the server serves HTTPS (tls setting)");
    case "piku-inert":
      return `${notice.at} is a Piku setting Hop3 does not act on (${pikuInertReason(notice.key)}); it stays in the environment only`;
    case "firewall-not-updated":
      return `${notice.file} [[ports]]: the firewall was not updated: ${notice.error}`;
  }
}

const notYet = (at: string) => `${at} is not supported yet and was ignored`;
const ignored = (at: string, why: string) => `${at} was ignored: ${why}`;
const catchAll = "hosts no app has get the server's 404 page";
const tools = { "nix-builder": "no Nix builder", "docker-builder": "no Docker builder", "client-contexts": "client contexts are not read" } as const;

/** Dokku health-check keys Hop3 does not act on, and why. */
const checkKeys = {
  port: "Hop3 checks the port it gives the web process",
  scheme: "Hop3 checks over plain HTTP",
  httpHeaders: "not supported yet",
  onFailure: "not supported yet",
} as const;

const gunicorn = "wsgi: apps run under gunicorn (set its options in a `web:` command)";
const listening = "the proxy listens as the server's settings say";
const keptLogs = "logs are kept by Hop3 (`hop3 logs`)";

/**
 * Piku's documented ENV settings that Hop3 has no equivalent for, and why. The config reader
 * warns about each one set (and every `NGINX_CACHE_*`); the values stay in the app's environment.
 */
const pikuInertReasons: Readonly<Record<string, string>> = {
  BIND_ADDRESS: "web processes listen on $HOST (127.0.0.1) behind the proxy",
  DISABLE_IPV6: listening,
  PIKU_AUTO_RESTART: "each deploy starts new processes and retires the old ones",
  PYTHON_VERSION: "name the Python version in .python-version or runtime.txt",
  NGINX_CLOUDFLARE_ACL: "use the host firewall (`hop3 firewall`) to limit who connects",
  NGINX_INCLUDE_FILE: "there is no nginx: the proxy is Caddy, configured by Hop3",
  NGINX_ALLOW_GIT_FOLDERS: "the proxy serves no files of the app itself",
  NGINX_CATCH_ALL: catchAll,
  NGINX_IPV4_ADDRESS: listening,
  NGINX_IPV6_ADDRESS: listening,
  UWSGI_MAX_REQUESTS: gunicorn,
  UWSGI_LISTEN: gunicorn,
  UWSGI_PROCESSES: "scale with `hop3 ps:scale APP web=N`, or set gunicorn's --workers in a `web:` command",
  UWSGI_ENABLE_THREADS: gunicorn,
  UWSGI_LOG_MAXSIZE: keptLogs,
  UWSGI_LOG_X_FORWARDED_FOR: keptLogs,
  UWSGI_GEVENT: "wsgi: apps run under gunicorn (use `web: gunicorn -k gevent …`)",
  UWSGI_ASYNCIO: "wsgi: apps run under gunicorn (use `asgi:` for asyncio apps)",
  UWSGI_INCLUDE_FILE: gunicorn,
  UWSGI_IDLE: "processes keep running; stop them with `hop3 ps:stop`",
};

/** Piku's `NGINX_CACHE_*` settings: the proxy caches nothing for apps. */
const pikuCachePrefix = "NGINX_CACHE_";

/** Whether Hop3 warns that Piku's ENV setting `key` is not acted on. */
export function isInertPikuSetting(key: string): boolean {
  return Object.hasOwn(pikuInertReasons, key) || key.startsWith(pikuCachePrefix);
}

function pikuInertReason(key: string): string {
  return pikuInertReasons[key] ?? "the proxy caches nothing for apps; send Cache-Control headers from the app";
}
