import { X509Certificate } from "node:crypto";
import type { HostCertificate } from "@hop3/contract";

// Not an ES import, like node:http in admin-client.ts: loaded when `hop3 certs` first runs.
const tlsModule = () => process.getBuiltinModule("node:tls");

/**
 * Each hostname's certificate as clients get it: a TLS handshake with the proxy on loopback,
 * SNI set to the hostname. This reads what is actually served (the truth a browser sees)
 * without reading Caddy's storage, whose files certmagic keeps private to the proxy's account
 * (0600): the daemon needs no privilege for it (ADR 41). Caddy ends a handshake for a name it
 * has no certificate for yet: that name is `pending`.
 */
export async function servedCertificates(hosts: readonly string[], httpsPort: number, now = new Date()): Promise<HostCertificate[]> {
  return (await servedCertificatesWithStart(hosts, httpsPort, now)).map(({ notBefore: _notBefore, ...shown }) => shown);
}

/** As `servedCertificates`, with each certificate's start: its lifetime tells when renewal is late (the expiry alert). */
export function servedCertificatesWithStart(hosts: readonly string[], httpsPort: number, now = new Date()): Promise<Array<HostCertificate & { readonly notBefore: string | null }>> {
  return Promise.all(hosts.map((host) => servedCertificate(host, httpsPort, now)));
}

function servedCertificate(host: string, port: number, now: Date): Promise<HostCertificate & { readonly notBefore: string | null }> {
  return new Promise((resolve) => {
    const pending = (detail: string): void => resolve({ host, status: "pending", issuer: null, notAfter: null, detail, notBefore: null });
    // Any certificate is accepted: this only reads it, trust is the client's business.
    // A wildcard is probed with a name it covers, as a client would ask for it.
    const name = host.startsWith("*.") ? `hop3-probe${host.slice(1)}` : host;
    const socket = tlsModule().connect({ host: "127.0.0.1", port, servername: name, rejectUnauthorized: false, timeout: 5_000 }, () => {
      const cert = socket.getPeerCertificate();
      socket.destroy();
      if (!cert || Object.keys(cert).length === 0) return pending("the proxy served no certificate");
      // checkHost: a wildcard certificate (a custom one, ADR 49) covers the name too.
      if (new X509Certificate(cert.raw).checkHost(name) === undefined) return pending(`the proxy serves no certificate for ${host} yet (it is being obtained, or the CA refused it)`);
      const notAfter = new Date(cert.valid_to);
      const issuer = cert.issuer.CN ?? cert.issuer.O ?? null;
      resolve({ host, status: notAfter < now ? "expired" : "valid", issuer: Array.isArray(issuer) ? issuer.join(", ") : issuer, notAfter: notAfter.toISOString(), detail: null, notBefore: new Date(cert.valid_from).toISOString() });
    });
    socket.on("timeout", () => {
      socket.destroy();
      pending("the proxy did not answer a TLS handshake within 5 s");
    });
    socket.on("error", () => pending("no certificate yet: it is being obtained, or the CA refused it (see the proxy log)"));
  });
}
