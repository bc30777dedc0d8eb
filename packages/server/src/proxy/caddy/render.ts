import type { AppRoute, RouteTarget } from "../../core/route.ts";
import { hstsHandler, renderTlsAutomation, type ProxyTls } from "./tls-policies.ts";
import type { CaddyJson } from "./caddy-json.ts";
import { checkPath } from "../hostname-check.ts";
import { appNotDeployedPage, appNotRunningPage, appStoppedPage, noAppPage } from "../pages.ts";

/** One entry of a Caddy route list: matchers, handlers, and whether it ends the chain. */
export interface CaddyRoute {
  readonly match?: readonly { readonly [matcher: string]: CaddyJson }[];
  readonly handle: readonly { readonly handler: string; readonly [key: string]: CaddyJson }[];
  readonly terminal?: boolean;
}

/** The whole Caddy config Hop3 loads: admin endpoint, logging, the `hop3` HTTP(S) server and certificate automation. */
export interface CaddyConfig {
  readonly admin: { readonly listen: string; readonly config: { readonly persist: boolean } };
  readonly logging: { readonly logs: { readonly default: { readonly level: string; readonly exclude?: readonly string[] }; readonly [name: string]: CaddyJson } };
  readonly apps: {
    readonly http: {
      readonly http_port?: number;
      readonly https_port?: number;
      readonly servers: {
        readonly hop3: {
          readonly listen: readonly string[];
          readonly automatic_https: { readonly disable: boolean; readonly disable_redirects?: boolean; readonly skip_certificates?: readonly string[] };
          readonly routes: readonly CaddyRoute[];
          readonly errors: { readonly routes: readonly CaddyRoute[] };
          readonly logs?: CaddyJson;
        };
        /**
         * With certificates, the server on `http_port` (ADR 65): the reachability check's answer,
         * a redirect to HTTPS for names served with a certificate, the app itself for the others.
         * Caddy answers ACME HTTP challenges before any route.
         */
        readonly "hop3-http"?: { readonly listen: readonly string[]; readonly routes: readonly CaddyRoute[]; readonly errors: { readonly routes: readonly CaddyRoute[] }; readonly logs?: CaddyJson };
      };
    };
    readonly tls?: CaddyJson;
  };
}

export interface RenderCaddyConfigInput {
  readonly routes: readonly AppRoute[];
  /** TCP port of the public HTTP listener, on every interface. */
  readonly httpPort: number;
  /** Absolute path of the admin API's Unix socket: Caddy never gets a TCP admin port. */
  readonly adminSocket: string;
  /** Certificates and HTTPS; absent or `off`: plain HTTP only. */
  readonly tls?: ProxyTls | undefined;
  /** Where Caddy writes its access log (JSON lines, one logger per app) for the request metrics; absent: none. */
  readonly accessLog?: string | undefined;
  /** Hostnames the proxy serves with a certificate (it checks, caddy-driver.ts): plain HTTP redirects only these to HTTPS. */
  readonly secured?: ReadonlySet<string> | undefined;
  /** The server's own API and web UI under a hostname of its own (`api-host`, ADR 67); only served over HTTPS. */
  readonly api?: ApiRoute | undefined;
}

/** The server's API behind the proxy: its hostname and the loopback address of its listener. */
export interface ApiRoute {
  readonly host: string;
  /** `127.0.0.1:<api-port>`. */
  readonly upstream: string;
}

/**
 * The API's route: streamed answers (logs, deploy events, Server-Sent Events) are flushed as
 * they are written, and Caddy's X-Forwarded-For (the client it saw, replacing the client's own)
 * is what the API's sign-in limits and audit log read.
 */
function apiRoute(api: ApiRoute): CaddyRoute {
  return {
    match: [{ host: [api.host] }],
    handle: [{ handler: "reverse_proxy", upstreams: [{ dial: api.upstream }], flush_interval: -1, headers: clientAddressHeaders }],
    terminal: true,
  };
}

/**
 * The access log for request metrics (ADR 62): each app's hosts map to a logger named after the
 * app (`http.log.access.<app>`), unknown hosts are not logged, and only what the metrics need
 * stays in a line (status, duration, size): the request (URL, headers, client address) and the
 * response headers are filtered out before the line is written. No rolling: the daemon empties
 * the file once read (metrics/request-log.ts); Caddy's umask makes it readable by the daemon's group.
 */
function accessLogging(file: string): Record<string, CaddyJson> {
  const dropped = ["request", "resp_headers", "user_id", "common_log"];
  return {
    hop3access: {
      level: "INFO",
      include: ["http.log.access"],
      writer: { output: "file", filename: file, roll: false },
      encoder: { format: "filter", wrap: { format: "json" }, fields: Object.fromEntries(dropped.map((field) => [field, { filter: "delete" }])) },
    },
  };
}

// Caddy expands `{placeholders}` in static_response bodies; `\{` and `\}` stay literal braces.
function literal(text: string): string {
  return text.replace(/[{}]/g, "\\$&");
}

function htmlResponse(status: number, body: string): CaddyRoute["handle"][number] {
  return {
    handler: "static_response",
    status_code: status,
    headers: { "Content-Type": ["text/html; charset=utf-8"], "Cache-Control": ["no-store"] },
    body,
  };
}

function notRunning(app: string): CaddyRoute["handle"][number] {
  return htmlResponse(502, literal(appNotRunningPage(app)));
}

/**
 * The client's address as the proxy saw it, replacing whatever the client sent: apps (their
 * rate limits, logs, allow-lists) trust X-Real-IP, which Caddy would otherwise pass through as
 * it came. X-Forwarded-For needs nothing: Caddy sets it from the connection, dropping the
 * client's, for every client it does not trust (no trusted proxies are configured).
 */
const clientAddressHeaders = { request: { set: { "X-Real-IP": ["{http.request.remote.host}"] } } } as const;

function targetHandler(app: string, target: RouteTarget): CaddyRoute["handle"][number] {
  switch (target.kind) {
    case "upstreams":
      // No instance at all is the same as an unavailable app (and Caddy wants at least one).
      if (target.addresses.length === 0) return notRunning(app);
      return {
        handler: "reverse_proxy",
        upstreams: target.addresses.map((dial) => ({ dial })),
        // A refused connection is retried on the next upstream, so one dead instance
        // among several costs no failed request; when all are down Caddy errors with 502.
        // Behind a front port, a retry is a new connection that the kernel sends to the next
        // instance: at least two retries cover an instance restarting among several.
        load_balancing: { selection_policy: { policy: "round_robin" }, retries: Math.max(target.addresses.length - 1, 2) },
        // One connection per request: the front port spreads connections over an app's
        // instances and switches them, so a kept-alive connection would stay pinned to one
        // instance (ADR 0014). Loopback connections cost microseconds.
        transport: { protocol: "http", keep_alive: { enabled: false } },
        headers: clientAddressHeaders,
      };
    case "unavailable":
      return notRunning(app);
    case "stopped":
      return htmlResponse(503, literal(appStoppedPage(app)));
    case "undeployed":
      return htmlResponse(404, literal(appNotDeployedPage(app)));
  }
}

// The 404 page names the requested host, which only Caddy knows: render it around a token,
// then swap in the placeholder. Go's HTTP server rejects Host headers containing `<`, `>` or
// `"` with a 400, so the expanded value cannot inject markup.
const hostToken = "HOP3REQUESTHOST";
const noAppBody = literal(noAppPage(hostToken)).replaceAll(hostToken, "{http.request.host}");

/**
 * The HTTP port's server when the proxy gets certificates (ADR 65). A GET of the check path gets
 * this server's token (proxy/hostname-check.ts); a name served with a certificate is redirected
 * to HTTPS (308, path kept); a name still without one is served over HTTP as it is over HTTPS
 * (without HSTS), so an issuance that fails or takes long never makes an app unreachable.
 */
function httpServer(input: RenderCaddyConfigInput, tls: ProxyTls, apps: readonly AppRoute[], hostsOf: (route: AppRoute) => string[], errorRoutes: CaddyRoute[], logs: { readonly logs?: CaddyJson }) {
  const secured = input.secured ?? new Set<string>();
  const routes: CaddyRoute[] = [];
  if (tls.checkToken !== undefined) {
    const answer = { handler: "static_response", status_code: 200, headers: { "Content-Type": ["text/plain"], "Cache-Control": ["no-store"] }, body: literal(tls.checkToken) };
    routes.push({ match: [{ path: [checkPath] }], handle: [answer], terminal: true });
  }
  // The server's own hostname is never served over plain HTTP (passwords, tokens): always redirected.
  const redirected = [...apps.flatMap((route) => hostsOf(route).filter((host) => secured.has(host))), ...(input.api ? [input.api.host] : [])];
  if (redirected.length > 0) {
    const port = tls.httpsPort === 443 ? "" : `:${tls.httpsPort}`;
    const location = `https://{http.request.host}${port}{http.request.uri}`;
    routes.push({ match: [{ host: redirected.toSorted() }], handle: [{ handler: "static_response", status_code: 308, headers: { Location: [location] } }], terminal: true });
  }
  // Wildcard names after every exact one, as over HTTPS.
  for (const wildcards of [false, true]) {
    for (const route of apps) {
      const plain = hostsOf(route).filter((host) => !secured.has(host) && host.startsWith("*.") === wildcards);
      if (plain.length > 0) routes.push({ match: [{ host: plain }], handle: [targetHandler(route.app, route.target)], terminal: true });
    }
  }
  routes.push({ handle: [htmlResponse(404, noAppBody)], terminal: true });
  return { listen: [`:${input.httpPort}`], routes, errors: { routes: errorRoutes }, ...logs };
}

/**
 * Renders the complete Caddy config for a routing table: one route per app (ordered by app
 * name, so equal tables give equal configs), an HTML 404 for unknown hosts, and an HTML 502
 * naming the app when none of its upstreams answers.
 */
export function renderCaddyConfig(input: RenderCaddyConfigInput): CaddyConfig {
  const apps = input.routes
    .filter((route) => route.hosts.length > 0)
    .toSorted((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0));
  const hostsOf = (route: AppRoute) => [...new Set(route.hosts)].sort();

  const tls = input.tls?.mode === "off" ? undefined : input.tls;
  const appRoute = (route: AppRoute, hosts: string[]): CaddyRoute => ({
    match: [{ host: hosts }],
    handle: tls && route.hsts ? [hstsHandler, targetHandler(route.app, route.target)] : [targetHandler(route.app, route.target)],
    terminal: true,
  });
  // Wildcard domains (ADR 66) come after every exact name: `*.example.org` of one app must not
  // take `shop.example.org` from another. Their certificates are the server's (DNS-01, loaded
  // as PEM): Caddy must not try to obtain them itself, which HTTP challenges cannot do.
  const wildcard = (host: string) => host.startsWith("*.");
  const routes: CaddyRoute[] = [
    ...apps.map((route) => appRoute(route, hostsOf(route).filter((host) => !wildcard(host)))),
    ...apps.flatMap((route) => (hostsOf(route).some(wildcard) ? [appRoute(route, hostsOf(route).filter(wildcard))] : [])),
  ];
  const wildcards = apps.flatMap((route) => hostsOf(route).filter(wildcard));
  // Redirects are Hop3's (httpServer): Caddy's own would also send names without a certificate to HTTPS.
  const automaticHttps = { disable: false, disable_redirects: true, ...(wildcards.length > 0 ? { skip_certificates: wildcards } : {}) };
  if (tls && input.api) routes.unshift(apiRoute(input.api));
  routes.push({ handle: [htmlResponse(404, noAppBody)], terminal: true });
  const logs = input.accessLog === undefined ? {} : { logs: { logger_names: Object.fromEntries(apps.flatMap((route) => hostsOf(route).map((host) => [host, route.app]))), skip_unmapped_hosts: true } };

  // A reverse_proxy that reaches no upstream returns an error, not a response, so
  // `handle_response` never sees it: the server's error routes replace Caddy's empty 502.
  const errorRoutes: CaddyRoute[] = apps
    .filter((route) => route.target.kind === "upstreams" && route.target.addresses.length > 0)
    .map((route) => ({
      match: [{ host: hostsOf(route), vars: { "{http.error.status_code}": ["502"] } }],
      handle: [notRunning(route.app)],
      terminal: true,
    }));

  return {
    admin: { listen: `unix/${input.adminSocket}`, config: { persist: false } },
    // Caddy warns on every load that automatic HTTPS is disabled; errors are what matter.
    logging: input.accessLog === undefined ? { logs: { default: { level: "ERROR" } } } : { logs: { default: { level: "ERROR", exclude: ["http.log.access"] }, ...accessLogging(input.accessLog) } },
    apps: tls
      ? {
          // Caddy's automatic HTTPS: certificates for every host matcher (policies below); on
          // http_port, Hop3's server (httpServer), where Caddy answers ACME HTTP challenges.
          http: {
            http_port: input.httpPort,
            https_port: tls.httpsPort,
            servers: {
              hop3: { listen: [`:${tls.httpsPort}`], automatic_https: automaticHttps, routes, errors: { routes: errorRoutes }, ...logs },
              "hop3-http": httpServer(input, tls, apps, hostsOf, errorRoutes, logs),
            },
          },
          tls: renderTlsAutomation(apps, tls, input.api?.host),
        }
      : {
          // tls = "off": no certificates, no HTTP->HTTPS redirects.
          http: { servers: { hop3: { listen: [`:${input.httpPort}`], automatic_https: { disable: true }, routes, errors: { routes: errorRoutes }, ...logs } } },
        },
  };
}
