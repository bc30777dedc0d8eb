/**
 * Where the proxy sends requests for one app. The proxy only forwards and answers its own
 * pages: it reads no file of any app (static sites and PHP apps have a web process of their
 * own, ADR 26).
 */
export type RouteTarget =
  | { readonly kind: "upstreams"; readonly addresses: readonly string[] }
  | { readonly kind: "unavailable" }
  /** Created but never deployed: a 404 page says so and how to deploy. */
  | { readonly kind: "undeployed" }
  /** Stopped on purpose (`hop3 ps:stop`): a 503 page says so, nothing is forwarded. */
  | { readonly kind: "stopped" };

/** One app's entry in the proxy: its hostnames and target. */
export interface AppRoute {
  readonly app: string;
  readonly hosts: readonly string[];
  readonly target: RouteTarget;
  /** Send Strict-Transport-Security on HTTPS answers (opt-in per app: `hop3 domains:hsts`). */
  readonly hsts?: boolean | undefined;
  /** Certificates of its own (`hop3 certs:add`): served for these hosts instead of automatic ones. */
  readonly certificates?: readonly RouteCertificate[] | undefined;
}

/** A PEM chain and key the proxy serves for some of an app's hostnames. */
export interface RouteCertificate {
  readonly certificate: string;
  readonly key: string;
  readonly hosts: readonly string[];
}

/** A proxy driver: applies the whole routing table at once (atomically on the proxy's side). */
export interface ProxyDriver {
  readonly name: string;
  start(): Promise<void>;
  apply(routes: readonly AppRoute[]): Promise<void>;
  isRunning(): boolean;
  /** Lets go of the proxy without stopping it: the server stops, the apps stay reachable. */
  detach(): Promise<void>;
  stop(): Promise<void>;
}
