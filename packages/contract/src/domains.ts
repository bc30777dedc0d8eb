import { Type, type Static } from "@sinclair/typebox";

/** An app's hostnames: what `hop3 domains APP` shows. */
export const AppDomains = Type.Object(
  {
    app: Type.String(),
    default: Type.String({ description: "`<app>.<domain>`: every app has it" }),
    domains: Type.Array(Type.String(), { description: "Custom hostnames (`hop3 domains:add`), in ASCII (IDN in punycode), sorted" }),
    hsts: Type.Boolean({ description: "Whether HTTPS answers carry Strict-Transport-Security" }),
    tls: Type.Union([Type.Literal("acme"), Type.Literal("internal"), Type.Literal("off")], { description: "How the server gets certificates (server setting `tls`)" }),
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
    status: Type.Union([Type.Literal("valid"), Type.Literal("pending"), Type.Literal("expired"), Type.Literal("off")], {
      description: "valid: served and unexpired; pending: no certificate yet (being obtained, or failing); expired; off: the server has `tls = \"off\"`",
    }),
    issuer: Type.Union([Type.String(), Type.Null()], { description: "The issuer's common name (or organization)" }),
    notAfter: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "Expiry" }),
    detail: Type.Union([Type.String(), Type.Null()], { description: "Why it is pending, when known" }),
  },
  { $id: "HostCertificate", additionalProperties: false },
);
export type HostCertificate = Static<typeof HostCertificate>;

export const AppCertificates = Type.Object(
  { app: Type.String(), certificates: Type.Array(Type.Ref(HostCertificate)) },
  { $id: "AppCertificates", additionalProperties: false },
);
export type AppCertificates = Static<typeof AppCertificates>;
