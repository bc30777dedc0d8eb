import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { sendTxtUpdate, type DnsUpdateTarget } from "../../exec/nsupdate.ts";

/** A certificate and its key as obtained, PEM. */
export interface IssuedCertificate {
  readonly chainPem: string;
  readonly keyPem: string;
}

/** Obtains a certificate for a wildcard name (`*.example.org`); throws with the CA's or the DNS server's reason. */
export interface WildcardIssuer {
  issue(host: string): Promise<IssuedCertificate>;
}

export interface Dns01IssuerOptions {
  /** The ACME directory (`acme-ca`), its account contact (`acme-email`) and an extra root to trust (`acme-ca-root`). */
  readonly directoryUrl: string;
  readonly email: string;
  readonly caRoot: string;
  /** Where the ACME account key is kept (0600, made on first use). */
  readonly accountKeyFile: string;
  readonly dns: DnsUpdateTarget;
}

/**
 * Hop3's own ACME client for DNS-01 only (ADR 66): Debian's Caddy has no DNS provider module,
 * so wildcard names are obtained here with acme-client and answered with RFC 2136 updates
 * (`nsupdate`), then served through the custom-certificate path. acme-client (and its HTTP
 * stack) is imported on first use: a server without wildcard domains never loads it.
 */
export class Dns01Issuer implements WildcardIssuer {
  readonly #options: Dns01IssuerOptions;

  constructor(options: Dns01IssuerOptions) {
    this.#options = options;
  }

  async issue(host: string): Promise<IssuedCertificate> {
    const { dns, directoryUrl, email } = this.#options;
    checkKeyFile(dns.keyFile);
    const acme = (await import("acme-client")).default;
    if (this.#options.caRoot !== "") {
      const { Agent } = await import("node:https");
      acme.axios.defaults.httpsAgent = new Agent({ ca: [...process.getBuiltinModule("node:tls").rootCertificates, readFileSync(this.#options.caRoot, "utf8")] });
    }
    const client = new acme.Client({ directoryUrl, accountKey: await this.#accountKey(() => acme.crypto.createPrivateEcdsaKey()) });
    const [key, csr] = await acme.crypto.createCsr({ altNames: [host] }, await acme.crypto.createPrivateEcdsaKey());
    const record = (identifier: string) => `_acme-challenge.${identifier}`;
    const chainPem = await client.auto({
      csr,
      ...(email === "" ? {} : { email }),
      termsOfServiceAgreed: true,
      challengePriority: ["dns-01"],
      // The record is checked by the CA against the zone's servers; a local lookup would ask the
      // machine's resolver, which need not see the zone (split horizon, a test zone).
      skipChallengeVerification: true,
      challengeCreateFn: (authz, _challenge, value) => sendTxtUpdate(dns, [{ action: "add", name: record(authz.identifier.value), value }]),
      challengeRemoveFn: (authz, _challenge, value) => sendTxtUpdate(dns, [{ action: "delete", name: record(authz.identifier.value), value }]),
    });
    return { chainPem, keyPem: key.toString() };
  }

  async #accountKey(make: () => Promise<Buffer>): Promise<Buffer> {
    const file = this.#options.accountKeyFile;
    if (existsSync(file)) return readFileSync(file);
    const key = await make();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, key, { mode: 0o600 });
    return key;
  }
}

/** The TSIG key signs changes to the zone: one readable by others is refused, naming the file. */
function checkKeyFile(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new Error(`the TSIG key file ${file} (dns-update-key-file) cannot be read: ${(error as Error).message}`);
  }
  if ((mode & 0o077) !== 0) throw new Error(`the TSIG key file ${file} (dns-update-key-file) is readable by others (mode ${(mode & 0o777).toString(8)}): make it the daemon account's, mode 0600`);
}
