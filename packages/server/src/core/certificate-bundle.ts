import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { Hop3Error } from "@hop3/contract";

/** Bounds on what `certs:add` reads: a chain of a few certificates and one key fit easily. */
export const maxCertificatePemLength = 64 * 1024;
export const maxKeyPemLength = 16 * 1024;

/** A certificate bundle that passed every check: what the proxy is given and what `hop3 certs` shows. */
export interface CheckedCertificate {
  /** The chain as given, leaf first, normalized to PEM blocks only. */
  readonly chainPem: string;
  readonly keyPem: string;
  /** SHA-256 fingerprint of the leaf. */
  readonly fingerprint: string;
  /** The leaf's DNS names (subjectAltName), wildcards as written. */
  readonly subjects: readonly string[];
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The app's hostnames this certificate serves. */
  readonly hosts: readonly string[];
}

export interface CheckCertificateInput {
  readonly certificatePem: string;
  readonly keyPem: string;
  /** Every hostname of the app. */
  readonly appHosts: readonly string[];
  /** The hostnames it is meant for (each must be covered); absent: every app hostname it covers. */
  readonly hosts?: readonly string[] | undefined;
  /** Roots a chain may end at without including them (node:tls rootCertificates). */
  readonly roots: readonly string[];
  readonly now?: Date | undefined;
  /** Just obtained from the server's own ACME CA (DNS-01, ADR 66): its chain may stop at that CA's intermediate. */
  readonly fromOwnCa?: boolean | undefined;
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[A-Za-z0-9+/=\r\n]+?-----END \1-----/g;

function blocks(text: string): { type: string; pem: string }[] {
  return [...text.matchAll(pemBlock)].map((match) => ({ type: match[1] ?? "", pem: `${match[0].replace(/\r\n/g, "\n")}\n` }));
}

const invalid = (message: string, hint?: string) => new Hop3Error("CERTIFICATE_INVALID", `${message} Nothing was changed.`, hint === undefined ? {} : { hint });

/** The issuer or subject's common name, else its organization, else the whole name. */
export function nameOf(distinguished: string): string {
  const field = (key: string) => distinguished.split("\n").find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1);
  return field("CN") ?? field("O") ?? distinguished.replace(/\n/g, ", ");
}

function dnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "")
    .split(", ")
    .filter((name) => name.startsWith("DNS:"))
    .map((name) => name.slice(4));
}

/**
 * Checks a certificate bundle before it is served (ADR 49): PEM within bounds, the key matches
 * the leaf, every certificate is valid now, each is signed by the next and the last is a root
 * (self-signed) or issued by a well-known root, and the leaf covers the app's hostnames it is
 * meant for. Each refusal is a Hop3Error naming what is wrong.
 */
export function checkCertificateBundle(input: CheckCertificateInput): CheckedCertificate {
  if (input.certificatePem.length > maxCertificatePemLength) throw invalid(`The certificate file is ${input.certificatePem.length} bytes; at most ${maxCertificatePemLength} are accepted.`);
  if (input.keyPem.length > maxKeyPemLength) throw invalid(`The key file is ${input.keyPem.length} bytes; at most ${maxKeyPemLength} are accepted.`);
  const certBlocks = blocks(input.certificatePem).filter((block) => block.type === "CERTIFICATE");
  if (certBlocks.length === 0) throw invalid("The certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----).", "Give the certificate in PEM format, the leaf first, then its intermediates.");
  const keyBlocks = blocks(input.keyPem).filter((block) => /PRIVATE KEY$/.test(block.type));
  if (keyBlocks.length !== 1) throw invalid(`The key file holds ${keyBlocks.length} PEM private keys; give exactly one (-----BEGIN PRIVATE KEY-----).`);
  if (keyBlocks[0]?.type === "ENCRYPTED PRIVATE KEY") throw invalid("The private key is encrypted with a passphrase; the proxy needs it unencrypted.", "Decrypt it first: `openssl pkey -in KEY -out plain.key`.");
  const chain = certBlocks.map((block, index) => {
    try {
      return new X509Certificate(block.pem);
    } catch (error) {
      throw invalid(`Certificate ${index + 1} of the certificate file cannot be read: ${(error as Error).message}.`);
    }
  });
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlocks[0]?.pem ?? "");
  } catch (error) {
    throw invalid(`The private key cannot be read: ${(error as Error).message}.`);
  }
  const leaf = chain[0] as X509Certificate;
  const leafName = `the certificate for ${nameOf(leaf.subject)}`;
  if (!leaf.checkPrivateKey(key))
    throw new Hop3Error("CERTIFICATE_KEY_MISMATCH", `The private key does not match ${leafName} (serial ${leaf.serialNumber}); nothing was changed.`);

  const now = input.now ?? new Date();
  for (const [index, cert] of chain.entries()) {
    const which = index === 0 ? leafName : `the chain's certificate ${index + 1} (${nameOf(cert.subject)})`;
    if (cert.validToDate < now) throw new Hop3Error("CERTIFICATE_EXPIRED", `${capital(which)} expired on ${cert.validToDate.toISOString()}; nothing was changed.`);
    if (cert.validFromDate > now) throw new Hop3Error("CERTIFICATE_EXPIRED", `${capital(which)} is not valid before ${cert.validFromDate.toISOString()}; nothing was changed.`);
  }

  for (let index = 0; index + 1 < chain.length; index++) {
    const [cert, next] = [chain[index] as X509Certificate, chain[index + 1] as X509Certificate];
    if (!cert.checkIssued(next) || !cert.verify(next.publicKey))
      throw new Hop3Error(
        "CERTIFICATE_CHAIN_INCOMPLETE",
        `Certificate ${index + 1} of the chain (${nameOf(cert.subject)}) is not signed by the next one (${nameOf(next.subject)}): its issuer is ${nameOf(cert.issuer)}; nothing was changed.`,
      );
  }
  const last = chain.at(-1) as X509Certificate;
  const selfSigned = last.checkIssued(last) && last.verify(last.publicKey);
  if (!selfSigned && input.fromOwnCa !== true && !input.roots.some((root) => issuedBy(last, root)))
    throw new Hop3Error(
      "CERTIFICATE_CHAIN_INCOMPLETE",
      `The chain is incomplete: ${chain.length === 1 ? leafName : `its last certificate (${nameOf(last.subject)})`} is issued by "${nameOf(last.issuer)}", which is neither in the file nor a well-known root; nothing was changed.`,
    );

  const subjects = dnsNames(leaf);
  const covers = (host: string) => leaf.checkHost(host) !== undefined;
  const shown = subjects.length > 0 ? subjects.join(", ") : nameOf(leaf.subject);
  let hosts: string[];
  if (input.hosts !== undefined && input.hosts.length > 0) {
    const notMine = input.hosts.filter((host) => !input.appHosts.includes(host));
    if (notMine.length > 0) throw new Hop3Error("CERTIFICATE_HOST_MISMATCH", `"${notMine[0]}" is not a hostname of the app (${input.appHosts.join(", ")}); nothing was changed.`);
    const uncovered = input.hosts.filter((host) => !covers(host));
    if (uncovered.length > 0) throw new Hop3Error("CERTIFICATE_HOST_MISMATCH", `The certificate does not cover "${uncovered[0]}": it is for ${shown}; nothing was changed.`);
    hosts = [...input.hosts];
  } else {
    hosts = input.appHosts.filter(covers);
    if (hosts.length === 0)
      throw new Hop3Error("CERTIFICATE_HOST_MISMATCH", `The certificate is for ${shown}, none of the app's hostnames (${input.appHosts.join(", ")}); nothing was changed.`);
  }
  return {
    chainPem: certBlocks.map((block) => block.pem).join(""),
    keyPem: keyBlocks[0]?.pem ?? "",
    fingerprint: leaf.fingerprint256,
    subjects,
    issuer: nameOf(leaf.issuer),
    notBefore: leaf.validFromDate,
    notAfter: leaf.validToDate,
    hosts,
  };
}

function issuedBy(cert: X509Certificate, rootPem: string): boolean {
  try {
    const root = new X509Certificate(rootPem);
    return cert.checkIssued(root) && cert.verify(root.publicKey);
  } catch {
    return false;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
