import { Hop3Error, type AddCertificateBody, type AppCertificates, type CustomCertificate, type HostCertificate, type RemovedCertificates } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { checkCertificateBundle } from "../core/certificate-bundle.ts";
import { normalizeHostname } from "../core/hostname.ts";
import type { CertificateStore } from "../routing/certificate-store.ts";
import type { RouteTable } from "../routing/route-table.ts";

export interface CertificateServiceDeps {
  readonly apps: { require(name: string): App };
  readonly store: CertificateStore;
  readonly routes: Pick<RouteTable, "hostsOf" | "refresh">;
  /** Each hostname's certificate as the proxy serves it (a TLS handshake per name). */
  readonly served: (hosts: readonly string[]) => Promise<HostCertificate[]>;
  /** Roots a chain may end at without including them; Node's bundled list by default. */
  readonly roots?: readonly string[] | undefined;
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
    const customHosts = new Set(custom.flatMap((cert) => cert.hosts));
    const served = await this.#deps.served(hosts);
    const certificates = served.map((cert) => ({ ...cert, source: customHosts.has(cert.host) ? ("custom" as const) : ("automatic" as const) }));
    return { app: app.name, certificates, custom };
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
      for (const host of hosts.map((input) => normalizeHostname(input))) {
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
