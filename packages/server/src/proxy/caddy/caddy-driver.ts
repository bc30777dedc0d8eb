import { join } from "node:path";
import type { AppRoute, ProxyDriver } from "../../core/route.ts";
import type { ServiceAccount } from "../../exec/as-service-account.ts";
import { CaddyProcess } from "./caddy-process.ts";
import { renderCaddyConfig, type ApiRoute, type CaddyConfig } from "./render.ts";
import { servedCertificates } from "./served-certificates.ts";
import type { ProxyTls } from "./tls-policies.ts";

export interface CaddyDriverOptions {
  /** Directory for Caddy's log and pid record, and its home `caddy/` (admin socket, data); created if missing. */
  readonly stateDir: string;
  /** The unprivileged account Caddy runs as when the server runs as root. */
  readonly account?: ServiceAccount | undefined;
  /** Public HTTP port the apps are served on. */
  readonly httpPort: number;
  /** Path or name of the `caddy` executable; defaults to `caddy`. */
  readonly caddyBinary?: string | undefined;
  /** Certificates and HTTPS (server settings `tls`, `https-port`, `acme-*`); absent: plain HTTP. */
  readonly tls?: ProxyTls | undefined;
  /** The server's API under a hostname of its own (`api-host`); absent: none. */
  readonly api?: ApiRoute | undefined;
}

const securedCheckMinMs = 1_000;
const securedCheckMaxMs = 30_000;

interface PendingLoad {
  config: CaddyConfig;
  readonly done: PromiseWithResolvers<void>;
}

/** The Caddy proxy driver: Hop3 runs its own Caddy and swaps its whole config through the admin API. */
export class CaddyDriver implements ProxyDriver {
  readonly name = "caddy";
  readonly #httpPort: number;
  readonly #tls: ProxyTls | undefined;
  readonly #api: ApiRoute | undefined;
  readonly #process: CaddyProcess;
  #loading: Promise<void> | undefined;
  #pending: PendingLoad | undefined;
  /** Hostnames seen served with a certificate: plain HTTP redirects these (ADR 65). */
  readonly #secured = new Set<string>();
  #routes: readonly AppRoute[] = [];
  #watch: NodeJS.Timeout | undefined;
  #watchDelayMs = securedCheckMinMs;

  constructor(options: CaddyDriverOptions) {
    this.#httpPort = options.httpPort;
    this.#tls = options.tls;
    this.#api = options.api;
    this.#process = new CaddyProcess({ stateDir: options.stateDir, account: options.account, httpPort: options.httpPort, httpsPort: options.tls?.mode === "off" ? undefined : options.tls?.httpsPort, binary: options.caddyBinary ?? "caddy" });
  }

  /** Caddy's access log, in its home (the proxy's, the daemon's group): the source of request metrics. */
  get accessLogFile(): string {
    return join(this.#process.homeDir, "access.log");
  }

  /** Caddy's own log (JSON lines, errors only), in the server's directory: where it says why a certificate could not be obtained. */
  get logFile(): string {
    return this.#process.logFile;
  }

  /** Starts Caddy serving only the "no app" page until the first apply(). */
  start(): Promise<void> {
    return this.#process.start();
  }

  /**
   * Loads the routing table into Caddy. Loads never overlap: a call made while one is in flight
   * waits, and calls that pile up meanwhile are merged so only the last table is loaded; each
   * resolves once a table at least as recent as its own is live.
   */
  async apply(routes: readonly AppRoute[]): Promise<void> {
    this.#routes = routes;
    this.#watchCertificates(securedCheckMinMs);
    const config = renderCaddyConfig({ routes, httpPort: this.#httpPort, adminSocket: this.#process.adminSocket, tls: this.#tls, accessLog: this.accessLogFile, api: this.#api, secured: this.#secured });
    if (this.#pending === undefined) this.#pending = { config, done: Promise.withResolvers<void>() };
    else this.#pending.config = config;
    const { promise } = this.#pending.done;
    this.#loadNext();
    await promise;
  }

  isRunning(): boolean {
    return this.#process.isRunning();
  }

  /**
   * Watches the names served without a certificate yet, by TLS handshakes on loopback (what a
   * client gets), more and more slowly while nothing changes (1 s, then up to 30 s, as Caddy's
   * own retries slow down); once one is served with a certificate, its plain HTTP redirects to
   * HTTPS from then on. Names with a custom certificate are served with it at once.
   */
  #watchCertificates(delayMs: number): void {
    if (this.#tls === undefined || this.#tls.mode === "off") return;
    clearTimeout(this.#watch);
    this.#watchDelayMs = delayMs;
    const hosts = new Set(this.#routes.flatMap((route) => route.hosts));
    for (const host of this.#secured) if (!hosts.has(host)) this.#secured.delete(host);
    for (const host of this.#routes.flatMap((route) => (route.certificates ?? []).flatMap((cert) => cert.hosts))) this.#secured.add(host);
    const waiting = [...hosts].filter((host) => !this.#secured.has(host));
    if (waiting.length === 0) return;
    const httpsPort = this.#tls.httpsPort;
    this.#watch = setTimeout(() => {
      void servedCertificates(waiting, httpsPort).then(
        async (served) => {
          const now = served.filter((cert) => cert.status === "valid").map((cert) => cert.host);
          if (now.length === 0) return this.#watchCertificates(Math.min(this.#watchDelayMs * 2, securedCheckMaxMs));
          for (const host of now) this.#secured.add(host);
          await this.apply(this.#routes).catch(() => this.#watchCertificates(securedCheckMaxMs));
        },
        () => this.#watchCertificates(securedCheckMaxMs),
      );
    }, delayMs);
    this.#watch.unref();
  }

  /** Lets go of Caddy (after any load in flight); it keeps serving until a later run adopts it. */
  async detach(): Promise<void> {
    clearTimeout(this.#watch);
    await this.#loading;
    this.#process.detach();
  }

  /** Stops Caddy (after any load in flight), which stops serving every app. */
  async stop(): Promise<void> {
    clearTimeout(this.#watch);
    await this.#loading;
    await this.#process.stop();
  }

  #loadNext(): void {
    if (this.#loading !== undefined || this.#pending === undefined) return;
    const { config, done } = this.#pending;
    this.#pending = undefined;
    this.#loading = this.#load(config)
      .then(done.resolve, done.reject)
      .finally(() => {
        this.#loading = undefined;
        this.#loadNext();
      });
  }

  async #load(config: CaddyConfig): Promise<void> {
    // A Caddy that died on its own is started again: the table being loaded brings every route back.
    if (this.#process.state === "exited") await this.#process.start();
    if (!this.#process.isRunning()) throw new Error(`Caddy is not running (state: ${this.#process.state}); routes cannot be applied`);
    await this.#process.admin.load(config);
  }
}
