import { Type, type Static } from "@sinclair/typebox";

/**
 * Whether a hostname can pass the CA's HTTP challenge, seen from the server: it resolves (the
 * server setting `dns-server`, or the system's resolver), and a GET of the challenge path on
 * port `http-port` of an address it resolves to is answered by this server's proxy.
 */
export const HostCheck = Type.Object(
  {
    host: Type.String(),
    outcome: Type.Union([Type.Literal("ok"), Type.Literal("unresolved"), Type.Literal("unreachable"), Type.Literal("elsewhere")], {
      description: "ok; unresolved: no A/AAAA record; unreachable: no address answered the challenge path; elsewhere: an address answered, but not as this server",
    }),
    addresses: Type.Array(Type.String(), { description: "What the hostname resolves to (A and AAAA records)" }),
    resolver: Type.String({ description: "`system`, or the DNS server asked (server setting `dns-server`)" }),
    address: Type.Union([Type.String(), Type.Null()], { description: "The address the challenge path was asked at (the last one tried)" }),
    error: Type.Union([Type.String(), Type.Null()], { description: "What failed: the resolver's or the connection's error code (ENOTFOUND, ESERVFAIL, ECONNREFUSED, ETIMEDOUT) or `HTTP <status>`" }),
  },
  { $id: "HostCheck", additionalProperties: false },
);
export type HostCheck = Static<typeof HostCheck>;

/** An app's hostnames: what `hop3 domains APP` shows. */
export const AppDomains = Type.Object(
  {
    app: Type.String(),
    default: Type.String({ description: "`<app>.<domain>`: every app has it" }),
    domains: Type.Array(Type.String(), { description: "Custom hostnames (`hop3 domains:add`), in ASCII (IDN in punycode), sorted" }),
    hsts: Type.Boolean({ description: "Whether HTTPS answers carry Strict-Transport-Security" }),
    tls: Type.Union([Type.Literal("acme"), Type.Literal("internal"), Type.Literal("off")], { description: "How the server gets certificates (server setting `tls`)" }),
    checks: Type.Optional(
      Type.Array(Type.Ref(HostCheck), { description: "After a change that added hostnames (with `tls = \"acme\"`): whether each resolves to this server and reaches its challenge path" }),
    ),
  },
  { $id: "AppDomains", additionalProperties: false },
);
export type AppDomains = Static<typeof AppDomains>;

/** A change of an app's hostnames: add some, remove some, or clear them all. */
export const ChangeDomainsBody = Type.Object(
  {
    add: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 100, description: "Hostnames to add; IDN allowed (stored in punycode)" })),
    remove: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 100, description: "Hostnames to remove" })),
    clear: Type.Optional(Type.Boolean({ description: "Remove every custom hostname (before `add`)" })),
    hsts: Type.Optional(Type.Boolean({ description: "Turn Strict-Transport-Security on or off" })),
  },
  { $id: "ChangeDomainsBody", additionalProperties: false },
);
export type ChangeDomainsBody = Static<typeof ChangeDomainsBody>;

/** One hostname's certificate, as clients get it from the proxy. */
export const HostCertificate = Type.Object(
  {
    host: Type.String(),
    status: Type.Union([Type.Literal("valid"), Type.Literal("pending"), Type.Literal("failed"), Type.Literal("expired"), Type.Literal("off")], {
      description:
        "valid: served and unexpired; pending: no certificate yet, being obtained; failed: none yet and the last attempt failed (`caError`) or the hostname cannot pass the challenge (`check`), retried with backoff; expired; off: the server has `tls = \"off\"`",
    }),
    issuer: Type.Union([Type.String(), Type.Null()], { description: "The issuer's common name (or organization)" }),
    notAfter: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "Expiry" }),
    detail: Type.Union([Type.String(), Type.Null()], { description: "Why it is pending, when known" }),
    source: Type.Optional(
      Type.Union([Type.Literal("automatic"), Type.Literal("custom"), Type.Literal("dns-01")], {
        description: "custom: a certificate added with `hop3 certs:add`; automatic: obtained by the proxy; dns-01: a wildcard obtained by the server with a DNS-01 challenge",
      }),
    ),
    check: Type.Optional(Type.Ref(HostCheck, { description: "For a name without a certificate: whether it resolves to this server and reaches its challenge path" })),
    caError: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "For a name without a certificate: the CA's (or the ACME client's) reason for the last failed attempt, from the proxy's log" })),
  },
  { $id: "HostCertificate", additionalProperties: false },
);
export type HostCertificate = Static<typeof HostCertificate>;

/** A certificate added with `hop3 certs:add`, as stored (its key is never shown). */
export const CustomCertificate = Type.Object(
  {
    fingerprint: Type.String({ description: "SHA-256 fingerprint of the leaf certificate" }),
    subjects: Type.Array(Type.String(), { description: "The DNS names the certificate is for (wildcards as written)" }),
    hosts: Type.Array(Type.String(), { description: "The app's hostnames it is served for" }),
    issuer: Type.String(),
    notBefore: Type.String({ format: "date-time" }),
    notAfter: Type.String({ format: "date-time", description: "Expiry" }),
    addedAt: Type.String({ format: "date-time" }),
    origin: Type.Optional(Type.Union([Type.Literal("custom"), Type.Literal("dns-01")], { description: "custom: added with `hop3 certs:add`; dns-01: obtained and renewed by the server (a wildcard domain)" })),
  },
  { $id: "CustomCertificate", additionalProperties: false },
);
export type CustomCertificate = Static<typeof CustomCertificate>;

/** `hop3 certs:add`: a PEM chain (leaf first, then intermediates) and its unencrypted private key. */
export const AddCertificateBody = Type.Object(
  {
    certificate: Type.String({ maxLength: 128 * 1024, description: "PEM certificates: the leaf first, then each intermediate (at most 64 KiB are accepted)" }),
    key: Type.String({ maxLength: 32 * 1024, description: "The leaf's PEM private key, unencrypted (at most 16 KiB are accepted)" }),
    hosts: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 100, description: "The app's hostnames it is for (each must be covered); default: every one it covers" })),
  },
  { $id: "AddCertificateBody", additionalProperties: false },
);
export type AddCertificateBody = Static<typeof AddCertificateBody>;

/** `hop3 certs:remove`: the custom certificates removed. */
export const RemovedCertificates = Type.Object(
  { app: Type.String(), removed: Type.Array(Type.Ref(CustomCertificate)) },
  { $id: "RemovedCertificates", additionalProperties: false },
);
export type RemovedCertificates = Static<typeof RemovedCertificates>;

export const AppCertificates = Type.Object(
  {
    app: Type.String(),
    certificates: Type.Array(Type.Ref(HostCertificate)),
    custom: Type.Optional(Type.Array(Type.Ref(CustomCertificate), { description: "The app's custom certificates (`hop3 certs:add`), with their expiry" })),
  },
  { $id: "AppCertificates", additionalProperties: false },
);
export type AppCertificates = Static<typeof AppCertificates>;
