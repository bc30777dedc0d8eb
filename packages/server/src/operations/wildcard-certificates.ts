import type { CustomCertificate } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { checkCertificateBundle, type CheckedCertificate } from "../core/certificate-bundle.ts";
import type { WildcardIssuer } from "../proxy/acme/dns01-issuer.ts";

export interface WildcardCertificatesDeps {
  readonly issuer: WildcardIssuer;
  /** Every app's wildcard domains (`*.example.org`). */
  readonly wildcards: () => readonly { readonly app: string; readonly host: string }[];
  readonly apps: { require(name: string): App };
  /** Every hostname of an app (its certificates are assigned against them). */
  readonly hostsOf: (app: string) => readonly string[];
  readonly store: {
    listOf(app: string, hosts: readonly string[]): CustomCertificate[];
    add(app: App, hosts: readonly string[], checked: CheckedCertificate, origin: "dns-01"): void;
  };
  /** Pushes the routing table again: the proxy loads the new certificate in place. */
  readonly refresh: () => Promise<void>;
  readonly now?: (() => Date) | undefined;
  /** Told of each failed attempt (the server log); `hop3 certs` shows the reason too. */
  readonly onFailure?: ((host: string, reason: string) => void) | undefined;
}

interface Attempt {
  readonly failures: number;
  readonly retryAt: number;
  readonly reason: string;
}

// After a failure: 1, 2, 4 … minutes, at most an hour (the CA's rate limits are per hour).
const backoffMs = (failures: number) => Math.min(60_000 * 2 ** (failures - 1), 3_600_000);

/**
 * Wildcard domains' certificates, obtained by DNS-01 (ADR 66): one is ordered when a wildcard
 * is added and again at two thirds of its lifetime, from the server-level scheduler; each is
 * checked and stored like a custom certificate (key encrypted) and loaded into the proxy the
 * same way. A failure is kept with its reason for `hop3 certs` and retried with backoff; the
 * app keeps serving its other names meanwhile.
 */
export class WildcardCertificates {
  readonly #deps: WildcardCertificatesDeps;
  readonly #attempts = new Map<string, Attempt>();
  #round: Promise<void> | undefined;

  constructor(deps: WildcardCertificatesDeps) {
    this.#deps = deps;
  }

  /** The scheduler's job: renews what is due (every minute is plenty for certificates of days). */
  job(everyMs = 60_000): { name: string; everyMs: number; run(): Promise<void> } {
    return { name: "wildcard certificates", everyMs, run: () => this.renewDue() };
  }

  /** A wildcard was just added: order its certificate now, in the background. */
  added(): void {
    // A failure is kept for `hop3 certs` and logged by renewDue itself.
    void this.renewDue().catch(() => undefined);
  }

  /** Why a wildcard has no certificate yet, when an attempt failed. */
  failureOf(host: string): string | null {
    return this.#attempts.get(host)?.reason ?? null;
  }

  /** Orders a certificate for each wildcard that has none, or whose certificate is past two thirds of its life. One round at a time. */
  renewDue(): Promise<void> {
    this.#round ??= this.#renewAll().finally(() => (this.#round = undefined));
    return this.#round;
  }

  async #renewAll(): Promise<void> {
    const now = (this.#deps.now ?? (() => new Date()))();
    for (const { app, host } of this.#deps.wildcards()) {
      const current = this.#deps.store.listOf(app, this.#deps.hostsOf(app)).find((cert) => cert.hosts.includes(host));
      if (current !== undefined && now.getTime() < renewalTime(current)) continue;
      const attempt = this.#attempts.get(host);
      if (attempt !== undefined && now.getTime() < attempt.retryAt) continue;
      try {
        await this.#obtain(app, host);
        this.#attempts.delete(host);
      } catch (error) {
        const failures = (attempt?.failures ?? 0) + 1;
        const reason = (error as Error).message;
        this.#attempts.set(host, { failures, retryAt: now.getTime() + backoffMs(failures), reason });
        this.#deps.onFailure?.(host, reason);
      }
    }
  }

  async #obtain(appName: string, host: string): Promise<void> {
    const issued = await this.#deps.issuer.issue(host);
    const app = this.#deps.apps.require(appName);
    const appHosts = this.#deps.hostsOf(app.name);
    const checked = checkCertificateBundle({ certificatePem: issued.chainPem, keyPem: issued.keyPem, appHosts, hosts: [host], roots: process.getBuiltinModule("node:tls").rootCertificates, fromOwnCa: true });
    this.#deps.store.add(app, appHosts, checked, "dns-01");
    await this.#deps.refresh();
  }
}

/** Two thirds into the certificate's life, as Caddy does for the certificates it manages. */
function renewalTime(cert: CustomCertificate): number {
  const [from, to] = [Date.parse(cert.notBefore), Date.parse(cert.notAfter)];
  return from + ((to - from) * 2) / 3;
}
