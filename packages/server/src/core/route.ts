/** Where the proxy sends requests for one app. */
export type RouteTarget =
  | { readonly kind: "upstreams"; readonly addresses: readonly string[] }
  | { readonly kind: "static"; readonly root: string }
  | { readonly kind: "unavailable" }
  /** Stopped on purpose (`hop3 ps:stop`): a 503 page says so, nothing is forwarded. */
  | { readonly kind: "stopped" }
  /** FastCGI responders (PHP-FPM) serving the scripts under `root`; the proxy serves the other files of `root` itself. */
  | { readonly kind: "fastcgi"; readonly addresses: readonly string[]; readonly root: string };

/**
 * Set by a builder in its release environment when the `web` process it provides speaks
 * FastCGI rather than HTTP: the absolute document root. `HOP3_*` names cannot be set by apps.
 */
export const fastcgiRootEnv = "HOP3_FASTCGI_ROOT";

/** One app's entry in the proxy: its hostnames and target. */
export interface AppRoute {
  readonly app: string;
  readonly hosts: readonly string[];
  readonly target: RouteTarget;
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
