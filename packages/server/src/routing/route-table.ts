import type { NetworkGuard } from "../core/network-guard.ts";
import type { PortForwarder } from "../core/port-forwarder.ts";
import type { AppRoute, ProxyDriver, RouteCertificate, RouteTarget } from "../core/route.ts";
import type { FrontPorts } from "./front-ports.ts";

export interface RouteTableOptions {
  readonly proxy: ProxyDriver;
  readonly domain: string;
  /**
   * When present, the proxy sends each app to its stable front port and switches happen in the
   * forwarder: atomic, without reloading the proxy (whose reloads drop a few connections).
   */
  readonly forwarding?: { readonly forwarder: PortForwarder; readonly frontPorts: FrontPorts } | undefined;
  /** Told which ports each app may connect to itself: its front port and its instances' ports (ADR 24). */
  readonly guard?: NetworkGuard | undefined;
  /** Each app's custom hostnames (served beside `<app>.<domain>`) and whether it sends HSTS. */
  readonly domains?: { hostsOf(app: string): readonly string[]; hstsOf(app: string): boolean } | undefined;
  /** Each app's custom certificates (`hop3 certs:add`) for those of its hostnames they serve. */
  readonly certificates?: { servedFor(app: string, hosts: readonly string[]): readonly RouteCertificate[] } | undefined;
}

/**
 * The routing table of every app, kept in memory and pushed whole on each change, one change
 * at a time: to the port forwarder (where the switch happens) and, when what it sees changed,
 * to the proxy.
 */
export class RouteTable {
  readonly #targets = new Map<string, RouteTarget>();
  /** Apps the proxy does not serve (a restore drill's throwaway app, ADR 71): forwarded, never public. */
  readonly #hidden = new Set<string>();
  readonly #options: RouteTableOptions;
  #appliedToProxy = "";
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: RouteTableOptions) {
    this.#options = options;
  }

  hostOf(app: string): string {
    return `${app}.${this.#options.domain}`;
  }

  /** The app's current target, if it has a route. */
  get(app: string): RouteTarget | undefined {
    return this.#targets.get(app);
  }

  async set(app: string, target: RouteTarget): Promise<void> {
    this.#targets.set(app, target);
    await this.#apply();
  }

  /** Keeps the app out of the proxy from now on, whatever its target (set before it has one). */
  hide(app: string): void {
    this.#hidden.add(app);
  }

  async show(app: string): Promise<void> {
    if (this.#hidden.delete(app)) await this.#apply();
  }

  async remove(app: string): Promise<void> {
    this.#targets.delete(app);
    await this.#apply();
    this.#options.forwarding?.frontPorts.release(app);
  }

  /** Pushes the table again after an app's hostnames, HSTS choice or certificates changed (read from `domains`, `certificates`). */
  async refresh(): Promise<void> {
    await this.#apply();
  }

  /** Every hostname of the app: `<app>.<domain>` first, then its custom ones. */
  hostsOf(app: string): string[] {
    return [this.hostOf(app), ...(this.#options.domains?.hostsOf(app) ?? [])];
  }

  /** Loads many routes at once (server start) with a single update. */
  async replaceAll(targets: ReadonlyMap<string, RouteTarget>): Promise<void> {
    this.#targets.clear();
    for (const [app, target] of targets) this.#targets.set(app, target);
    await this.#apply();
  }

  /** Re-applies the table when the proxy is down (it died): the driver starts it again. */
  async ensureProxy(): Promise<boolean> {
    if (this.#options.proxy.isRunning()) return false;
    this.#appliedToProxy = "";
    await this.#apply();
    return true;
  }

  #apply(): Promise<void> {
    const next = this.#queue.then(() => this.#applyNow());
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #applyNow(): Promise<void> {
    const { proxy, forwarding, guard } = this.#options;
    const forwarded = new Map<number, number[]>();
    const own = new Map<string, number[]>();
    const routes: AppRoute[] = [];
    for (const [app, target] of this.#targets) {
      const hsts = this.#options.domains?.hstsOf(app) ?? false;
      const hosts = this.hostsOf(app);
      const certificates = this.#options.certificates?.servedFor(app, hosts) ?? [];
      const extra = certificates.length > 0 ? { certificates } : {};
      const ports = target.kind === "upstreams" ? target.addresses.map(portOf) : [];
      const local = ports.length > 0 && ports.every((port) => port !== null) ? (ports as number[]) : null;
      if (forwarding && local !== null) {
        const front = await forwarding.frontPorts.ensure(app);
        forwarded.set(front, local);
        own.set(app, [front, ...local]);
        if (!this.#hidden.has(app)) routes.push({ app, hosts, hsts, ...extra, target: { kind: "upstreams", addresses: [`127.0.0.1:${front}`] } });
      } else if (!this.#hidden.has(app)) {
        routes.push({ app, hosts, hsts, ...extra, target });
      }
    }
    // An app's own new instances are open to it before they take its traffic.
    if (guard) await guard.ownPorts(own);
    // The switch itself: new connections go to the new instances from this moment.
    if (forwarding) await forwarding.forwarder.apply(forwarded);
    const key = JSON.stringify(routes);
    if (key !== this.#appliedToProxy || !proxy.isRunning()) {
      await proxy.apply(routes);
      this.#appliedToProxy = key;
    }
  }
}

function portOf(address: string | undefined): number | null {
  const port = Number(address?.split(":").pop());
  return address?.startsWith("127.0.0.1:") && Number.isInteger(port) ? port : null;
}
