import type { AppRoute, ProxyDriver, RouteTarget } from "../core/route.ts";

/**
 * The routing table of every app, kept in memory and pushed whole to the proxy on each
 * change, one change at a time.
 */
export class RouteTable {
  readonly #targets = new Map<string, RouteTarget>();
  readonly #proxy: ProxyDriver;
  readonly #domain: string;

  constructor(proxy: ProxyDriver, domain: string) {
    this.#proxy = proxy;
    this.#domain = domain;
  }

  hostOf(app: string): string {
    return `${app}.${this.#domain}`;
  }

  async set(app: string, target: RouteTarget): Promise<void> {
    this.#targets.set(app, target);
    await this.#apply();
  }

  async remove(app: string): Promise<void> {
    this.#targets.delete(app);
    await this.#apply();
  }

  /** Loads many routes at once (server start) with a single proxy update. */
  async replaceAll(targets: ReadonlyMap<string, RouteTarget>): Promise<void> {
    this.#targets.clear();
    for (const [app, target] of targets) this.#targets.set(app, target);
    await this.#apply();
  }

  /** Re-applies the table when the proxy is down (it died): the driver starts it again. */
  async ensureProxy(): Promise<boolean> {
    if (this.#proxy.isRunning()) return false;
    await this.#apply();
    return true;
  }

  async #apply(): Promise<void> {
    const routes: AppRoute[] = [...this.#targets].map(([app, target]) => ({ app, hosts: [this.hostOf(app)], target }));
    await this.#proxy.apply(routes);
  }
}
