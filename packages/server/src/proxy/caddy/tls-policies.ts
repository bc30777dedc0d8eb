import type { AppRoute } from "../../core/route.ts";
import type { CaddyJson } from "./caddy-json.ts";

/** How the proxy gets certificates: the server settings `tls`, `https-port` and `acme-*`. */
export interface ProxyTls {
  readonly mode: "acme" | "internal" | "off";
  readonly httpsPort: number;
  /** ACME directory URL (`acme-ca`). */
  readonly acmeCa: string;
  /** ACME account contact (`acme-email`), "" for none. */
  readonly acmeEmail: string;
  /** An extra root the proxy trusts when talking to the CA (`acme-ca-root`), "" for none. */
  readonly acmeCaRoot: string;
  /** What the proxy answers on `http-port` at the reachability check's path (proxy/hostname-check.ts); absent: no such answer. */
  readonly checkToken?: string | undefined;
  /** Seconds between the proxy's scans for certificates to renew (`acme-renew-interval`); absent: Caddy's 10 minutes. */
  readonly renewIntervalSeconds?: number | undefined;
}

/**
 * Names no public CA can issue for: they get Caddy's own CA even when `tls = "acme"`, rather
 * than an order that fails forever (and counts against the CA's rate limits).
 */
export function isPrivateName(host: string): boolean {
  return host === "localhost" || /\.(localhost|local|internal|home\.arpa)$/.test(host);
}

function issuer(tls: ProxyTls, host: string): CaddyJson {
  if (tls.mode === "internal" || isPrivateName(host)) return { module: "internal" };
  return {
    module: "acme",
    ca: tls.acmeCa,
    ...(tls.acmeEmail === "" ? {} : { email: tls.acmeEmail }),
    ...(tls.acmeCaRoot === "" ? {} : { trusted_roots_pem_files: [tls.acmeCaRoot] }),
  };
}

/**
 * Caddy's certificate automation: one policy per app (`@id` hop3-tls-<app>) whose subjects are
 * its hostnames, so adding a domain changes one policy and Caddy obtains that name's
 * certificate in the background, serving the others unchanged. A hostname is in one policy
 * only (Caddy refuses a subject twice): an app being renamed briefly has two routes, the
 * first in name order keeps the policy. A last policy without subjects catches anything
 * else with the same issuer, so nothing ever goes to Caddy's default CAs.
 *
 * An app's own certificates (`hop3 certs:add`, ADR 49) are loaded as PEM (`load_pem`) and the
 * hostnames they serve are left out of every policy, so Caddy does not order certificates for
 * them too.
 */
export function renderTlsAutomation(routes: readonly AppRoute[], tls: ProxyTls, apiHost?: string): CaddyJson {
  const custom = routes.flatMap((route) => route.certificates ?? []);
  const seen = new Set<string>(custom.flatMap((cert) => cert.hosts));
  const policies: CaddyJson[] = [];
  // The server's own hostname (ADR 67) gets its certificate like an app's, from the same issuer.
  if (apiHost !== undefined && !seen.has(apiHost)) {
    seen.add(apiHost);
    policies.push({ "@id": "hop3-server-tls", subjects: [apiHost], issuers: [issuer(tls, apiHost)] });
  }
  for (const route of routes) {
    // A wildcard's certificate is the server's own (DNS-01, ADR 66), never Caddy's to order.
    const hosts = [...new Set(route.hosts)].sort().filter((host) => !seen.has(host) && !host.startsWith("*."));
    for (const host of hosts) seen.add(host);
    const [priv, pub] = [hosts.filter(isPrivateName), hosts.filter((host) => !isPrivateName(host))];
    if (pub.length > 0) policies.push({ "@id": `hop3-tls-${route.app}`, subjects: pub, issuers: [issuer(tls, pub[0] ?? "")] });
    if (priv.length > 0) policies.push({ "@id": `hop3-tls-${route.app}-private`, subjects: priv, issuers: [{ module: "internal" }] });
  }
  policies.push({ issuers: [issuer(tls, "")] });
  const automation = { policies, ...(tls.renewIntervalSeconds === undefined ? {} : { renew_interval: `${tls.renewIntervalSeconds}s` }) };
  if (custom.length === 0) return { automation };
  const loadPem = routes.flatMap((route) => (route.certificates ?? []).map((cert) => ({ certificate: cert.certificate, key: cert.key, tags: [`hop3-custom-${route.app}`] })));
  return { automation, certificates: { load_pem: loadPem } };
}

/** The Strict-Transport-Security header an app opted into: a year, subdomains left alone (no preload). */
export const hstsHandler = { handler: "headers", response: { set: { "Strict-Transport-Security": ["max-age=31536000"] } } } as const;
