import { join } from "node:path";
import { dnsUpdateOf } from "../config/dns-update.ts";
import type { ServerConfig } from "../config/server-config.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { App } from "../core/app.ts";
import { Dns01Issuer } from "../proxy/acme/dns01-issuer.ts";
import type { ProxyTls } from "../proxy/caddy/tls-policies.ts";
import type { CertificateStore } from "../routing/certificate-store.ts";
import type { DomainStore } from "../routing/domain-store.ts";
import type { RouteTable } from "../routing/route-table.ts";
import { WildcardCertificates } from "./wildcard-certificates.ts";

/**
 * Wildcard domains by DNS-01 (ADR 66), when the server is set up for DNS updates and gets
 * certificates from an ACME CA; null otherwise (wildcards are then refused by `domains:add`).
 */
export function wildcardCertificatesOf(deps: {
  readonly config: ServerConfig;
  readonly tls: ProxyTls;
  readonly layout: StateLayout;
  readonly domainStore: DomainStore;
  readonly certificateStore: CertificateStore;
  readonly routes: RouteTable;
  readonly apps: { require(name: string): App };
  readonly onFailure: (host: string, reason: string) => void;
}): (WildcardCertificates & { readonly zone: string }) | null {
  const dns = dnsUpdateOf(deps.config);
  if (dns === null || deps.tls.mode !== "acme") return null;
  const issuer = new Dns01Issuer({ directoryUrl: deps.tls.acmeCa, email: deps.tls.acmeEmail, caRoot: deps.tls.acmeCaRoot, accountKeyFile: join(deps.layout.home, "acme", "dns01-account.pem"), dns });
  const manager = new WildcardCertificates({
    issuer,
    wildcards: () => deps.domainStore.wildcards(),
    apps: deps.apps,
    hostsOf: (app) => deps.routes.hostsOf(app),
    store: deps.certificateStore,
    refresh: () => deps.routes.refresh(),
    onFailure: deps.onFailure,
  });
  return Object.assign(manager, { zone: dns.zone });
}
