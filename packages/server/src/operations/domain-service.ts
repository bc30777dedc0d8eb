import { Hop3Error, type AppDomains, type ChangeDomainsBody, type HostCheck } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { normalizeDomainName, normalizeHostname, normalizeWildcardHostname } from "../core/hostname.ts";
import type { DomainStore } from "../routing/domain-store.ts";
import type { RouteTable } from "../routing/route-table.ts";

export type TlsMode = AppDomains["tls"];

export interface DomainServiceDeps {
  readonly apps: { require(name: string): App };
  readonly store: DomainStore;
  readonly routes: Pick<RouteTable, "hostOf" | "hostsOf" | "refresh">;
  /** The server's `domain` setting: `<app>.<domain>` names belong to apps already. */
  readonly domain: string;
  readonly tls: TlsMode;
  /** The server's own hostname (`api-host`, ADR 67), which no app may take; null when none. */
  readonly serverHost?: string | null | undefined;
  /** Wildcard domains by DNS-01 (ADR 66): the zone the DNS updates go to, and told when one is added. */
  readonly wildcards?: { readonly zone: string; added(): void } | undefined;
  /** Whether hostnames can pass the CA's challenge (ADR 65); returns nothing for names no CA is asked for. */
  readonly checkHosts?: ((hosts: readonly string[]) => Promise<HostCheck[]>) | undefined;
}

/**
 * `hop3 domains*`: an app's custom hostnames and its HSTS choice. A change is checked whole
 * before anything is written (an invalid or taken hostname refuses the request, nothing
 * changed), saved in one transaction, then pushed to the proxy: Caddy serves the new names and
 * obtains their certificates without a restart.
 */
export class DomainService {
  readonly #deps: DomainServiceDeps;

  constructor(deps: DomainServiceDeps) {
    this.#deps = deps;
  }

  list(name: string): AppDomains {
    const app = this.#deps.apps.require(name);
    const { store, routes, tls } = this.#deps;
    return { app: app.name, default: routes.hostOf(app.name), domains: store.hostsOf(app.name), hsts: store.hstsOf(app.name), tls };
  }

  async change(name: string, body: ChangeDomainsBody): Promise<AppDomains> {
    const app = this.#deps.apps.require(name);
    const { store } = this.#deps;
    const add = [...new Set((body.add ?? []).map((host) => this.#checked(host)))];
    const remove = [...new Set((body.remove ?? []).map((host) => normalizeDomainName(host)))];
    for (const host of add) {
      const owner = store.ownerOf(host);
      if (owner !== null && owner !== app.name) throw new Hop3Error("DOMAIN_TAKEN", `The domain "${host}" is already used by the app "${owner}"; nothing was changed.`);
    }
    const mine = new Set(store.hostsOf(app.name));
    const unknown = remove.filter((host) => !mine.has(host));
    if (unknown.length > 0)
      throw new Hop3Error("DOMAIN_INVALID", `"${unknown[0]}" is not a domain of the app "${app.name}"; nothing was changed.`, { hint: `Run \`hop3 domains ${app.name}\` to list its domains.` });
    if (body.clear) store.remove(app.id);
    if (remove.length > 0) store.remove(app.id, remove);
    if (add.length > 0) store.add(app.id, add);
    if (body.hsts !== undefined) store.setHsts(app.id, body.hsts);
    await this.#deps.routes.refresh();
    if (add.some((host) => host.startsWith("*."))) this.#deps.wildcards?.added();
    // Served already; the checks only say whether the CA will find the new names (they never refuse one).
    const checks = add.length > 0 && this.#deps.checkHosts ? await this.#deps.checkHosts(add) : [];
    return checks.length > 0 ? { ...this.list(app.name), checks } : this.list(app.name);
  }

  /**
   * hop3.toml `[domains] list`, checked when a deploy reads it, before building: each a valid
   * hostname that no other app has. Returns them normalized (punycode, lower case).
   */
  checkDeclared(name: string, hosts: readonly string[], file = "hop3.toml"): string[] {
    const app = this.#deps.apps.require(name);
    const checked = [...new Set(hosts.map((host) => this.#checked(host, `${file} [domains] list`)))];
    for (const host of checked) {
      const owner = this.#deps.store.ownerOf(host);
      if (owner !== null && owner !== app.name)
        throw new Hop3Error("DOMAIN_TAKEN", `${file} [domains] lists "${host}", which the app "${owner}" already uses; the deploy stopped before switching, nothing was changed.`, {
          hint: `Remove it from ${file}, or from the other app first (\`hop3 domains:remove ${owner} ${host}\`).`,
        });
    }
    return checked;
  }

  /** Whether each of the app's hostnames can pass the CA's challenge (a deploy says so once the release serves). */
  async checkServed(name: string): Promise<HostCheck[]> {
    const app = this.#deps.apps.require(name);
    return this.#deps.checkHosts ? this.#deps.checkHosts(this.#deps.routes.hostsOf(app.name)) : [];
  }

  /** Adds the declared hostnames the app has not got yet (after the deploy switched); returns those added. */
  async addDeclared(name: string, hosts: readonly string[]): Promise<string[]> {
    const app = this.#deps.apps.require(name);
    const mine = new Set(this.#deps.store.hostsOf(app.name));
    const added = this.checkDeclared(name, hosts).filter((host) => !mine.has(host));
    if (added.length === 0) return [];
    this.#deps.store.add(app.id, added);
    await this.#deps.routes.refresh();
    return added;
  }

  // A wildcard is served with a certificate obtained by DNS-01, so only inside the zone the server may update.
  #wildcard(input: string): string {
    const zone = this.#deps.wildcards?.zone;
    if (zone === undefined)
      throw new Hop3Error("DOMAIN_INVALID", `${JSON.stringify(input.slice(0, 80))} is a wildcard domain, whose certificate needs a DNS-01 challenge, and this server has no DNS updates set up; nothing was changed.`, {
        hint: "Set the server settings dns-update-server, dns-update-zone and dns-update-key-file (docs/domains.md), or add the names one by one, or serve a wildcard certificate of your own: add a name it covers, then `hop3 certs:add APP CERT KEY`.",
      });
    const host = normalizeWildcardHostname(input);
    const base = host.slice(2);
    if (base !== zone && !base.endsWith(`.${zone}`))
      throw new Hop3Error("DOMAIN_INVALID", `"${host}" is outside the zone ${zone} (dns-update-zone), where the server can answer DNS-01 challenges; nothing was changed.`, {
        hint: `Use a wildcard under ${zone}, or serve a wildcard certificate of your own with \`hop3 certs:add\`.`,
      });
    return host;
  }

  #notServerHost(host: string): void {
    if (host !== this.#deps.serverHost) return;
    throw new Hop3Error("DOMAIN_TAKEN", `The domain "${host}" is the server's own hostname (api-host), where it serves its API and web UI; nothing was changed.`, {
      hint: "Choose another hostname, or give the server another one (server setting api-host) and restart it.",
    });
  }

  #checked(input: string, where?: string): string {
    if (where !== undefined) {
      try {
        return this.#checked(input);
      } catch (error) {
        if (error instanceof Hop3Error) throw new Hop3Error(error.code, `${where}: ${error.message.replace(/; nothing was changed\.$/, ".")}`, { hint: error.hint });
        throw error;
      }
    }
    const host = input.includes("*") ? this.#wildcard(input) : normalizeHostname(input);
    this.#notServerHost(host);
    const suffix = `.${this.#deps.domain}`;
    if (host.endsWith(suffix) && !host.slice(0, -suffix.length).includes("."))
      throw new Hop3Error("DOMAIN_INVALID", `"${host}" is an <app>.${this.#deps.domain} name, which the server gives its apps itself; nothing was changed.`, {
        hint: "Add a hostname outside the server's own domain, or rename the app to get that name.",
      });
    return host;
  }
}
