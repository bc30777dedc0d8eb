import { Hop3Error, type AddCertificateBody, type AppCertificates, type CustomCertificate, type HostCertificate, type HostCheck, type RemovedCertificates, hostCheckFailed } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { checkCertificateBundle } from "../core/certificate-bundle.ts";
import { normalizeDomainName, normalizeHostname } from "../core/hostname.ts";
import type { CertificateStore } from "../routing/certificate-store.ts";
import type { RouteTable } from "../routing/route-table.ts";

export interface CertificateServiceDeps {
  readonly apps: { require(name: string): App };
  readonly store: CertificateStore;
  readonly routes: Pick<RouteTable, "hostsOf" | "refresh">;
  /** Each hostname's certificate as the proxy serves it (a TLS handshake per name). */
  readonly served: (hosts: readonly string[]) => Promise<HostCertificate[]>;
  /** Whether each hostname can pass the CA's challenge (proxy/hostname-check.ts); only for names the CA is asked for (absent: none). */
  readonly checkHosts?: ((hosts: readonly string[]) => Promise<HostCheck[]>) | undefined;
  /** The reason of each hostname's last failed issuance, from the proxy's log. */
  readonly issuanceErrors?: ((hosts: readonly string[]) => Promise<ReadonlyMap<string, { readonly reason: string }>>) | undefined;
  /** Roots a chain may end at without including them; Node's bundled list by default. */
  readonly roots?: readonly string[] | undefined;
  /** Why a wildcard domain's DNS-01 certificate could not be obtained yet (ADR 66). */
  readonly wildcardFailure?: ((host: string) => string | null) | undefined;
}

/**
 * `hop3 certs*`: what each hostname is served, and the app's own certificates (ADR 49). A
 * certificate is checked whole before anything is stored (a refusal changes nothing), then the
 * proxy is given it at once, in place of the automatic certificates for the names it covers.
 */
export class CertificateService {
  readonly #deps: CertificateServiceDeps;

  constructor(deps: CertificateServiceDeps) {
    this.#deps = deps;
  }

  async list(name: string): Promise<AppCertificates> {
    const app = this.#deps.apps.require(name);
    const hosts = this.#deps.routes.hostsOf(app.name);
    const custom = this.#deps.store.listOf(app.name, hosts);
    const origins = new Map(custom.flatMap((cert) => cert.hosts.map((host) => [host, cert.origin ?? "custom"] as const)));
    const served = await this.#deps.served(hosts);
    const certificates = served.map((cert) => {
      const source: HostCertificate["source"] = origins.get(cert.host) ?? (cert.host.startsWith("*.") ? "dns-01" : "automatic");
      // A wildcard is ordered by Hop3 itself (ADR 66): its last failure is its own, not the proxy's.
      const failure = cert.status === "pending" && source === "dns-01" ? (this.#deps.wildcardFailure?.(cert.host) ?? null) : null;
      return failure === null ? { ...cert, source } : { ...cert, source, status: "failed" as const, caError: failure };
    });
    return { app: app.name, certificates: await this.#diagnosed(certificates), custom };
  }

  /**
   * Names still waiting for a certificate get why (ADR 65): the CA's reason for the last failed
   * attempt and a fresh check of DNS and the challenge path; either failing makes them `failed`.
   * The proxy keeps retrying them with its backoff meanwhile.
   */
  async #diagnosed(certificates: HostCertificate[]): Promise<HostCertificate[]> {
    const waiting = certificates.filter((cert) => cert.status === "pending" && cert.source === "automatic").map((cert) => cert.host);
    if (waiting.length === 0) return certificates;
    const [checks, errors] = await Promise.all([this.#deps.checkHosts?.(waiting) ?? [], this.#deps.issuanceErrors?.(waiting) ?? new Map<string, { reason: string }>()]);
    return certificates.map((cert) => {
      if (!waiting.includes(cert.host)) return cert;
      const check = checks.find((candidate) => candidate.host === cert.host);
      const caError = errors.get(cert.host)?.reason ?? null;
      const failed = caError !== null || (check !== undefined && hostCheckFailed(check));
      return { ...cert, status: failed ? "failed" : cert.status, caError, ...(check === undefined ? {} : { check }) };
    });
  }

  async add(name: string, body: AddCertificateBody): Promise<CustomCertificate> {
    const app = this.#deps.apps.require(name);
    const appHosts = this.#deps.routes.hostsOf(app.name);
    const checked = checkCertificateBundle({
      certificatePem: body.certificate,
      keyPem: body.key,
      appHosts,
      hosts: body.hosts?.map((host) => normalizeHostname(host)),
      // node:tls when a certificate is added, not at start (docs/adr/0064-daemon-node-tuned-for-memory.md).
      roots: this.#deps.roots ?? process.getBuiltinModule("node:tls").rootCertificates,
    });
    this.#deps.store.add(app, appHosts, checked);
    await this.#deps.routes.refresh();
    const added = this.#deps.store.listOf(app.name, appHosts).find((cert) => cert.fingerprint === checked.fingerprint);
    if (added === undefined) throw new Error(`the certificate ${checked.fingerprint} of ${app.name} was not kept`);
    return added;
  }

  /** Removes the custom certificates serving these hostnames (all of the app's when none are given). */
  async remove(name: string, hosts: readonly string[]): Promise<RemovedCertificates> {
    const app = this.#deps.apps.require(name);
    const custom = this.#deps.store.listOf(app.name, this.#deps.routes.hostsOf(app.name));
    let removed: CustomCertificate[];
    if (hosts.length === 0) removed = custom;
    else {
      removed = [];
      for (const host of hosts.map((input) => normalizeDomainName(input))) {
        const cert = custom.find((candidate) => candidate.hosts.includes(host));
        if (cert === undefined) throw new Hop3Error("CERTIFICATE_NOT_FOUND", `No custom certificate of the app "${app.name}" serves "${host}"; nothing was changed.`);
        if (!removed.includes(cert)) removed.push(cert);
      }
    }
    this.#deps.store.remove(app.id, removed.map((cert) => cert.fingerprint));
    await this.#deps.routes.refresh();
    return { app: app.name, removed };
  }
}
