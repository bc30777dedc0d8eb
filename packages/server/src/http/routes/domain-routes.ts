import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AddCertificateBody, AppCertificates, AppDomains, AppParams, ChangeDomainsBody, CustomCertificate, ErrorResponse, RemovedCertificates } from "@hop3/contract";
import type { CertificateService } from "../../operations/certificate-service.ts";
import type { DomainService } from "../../operations/domain-service.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const secured = { tags: ["domains"], security: [{ bearer: [] }] };

export interface DomainRoutesDeps {
  readonly domains: Pick<DomainService, "list" | "change">;
  /** Each hostname's certificate as the proxy serves it, and the app's own certificates. */
  readonly certificates: Pick<CertificateService, "list" | "add" | "remove">;
}

const RemoveQuery = Type.Object(
  { hosts: Type.Optional(Type.String({ maxLength: 30_000, description: "Comma-separated hostnames whose custom certificates to remove; absent: every custom certificate of the app" })) },
  { additionalProperties: false },
);

/** `hop3 domains*` and `hop3 certs`: an app's hostnames, HSTS, and the certificates served for them. */
export function domainRoutes(app: FastifyInstance, deps: DomainRoutesDeps): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/domains", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "An app's hostnames: `<app>.<domain>`, its custom domains, HSTS", params: AppParams, response: { 200: Type.Ref(AppDomains), ...errors } },
    handler: async (request) => deps.domains.list(request.params.app),
  });
  app.post<{ Params: Static<typeof AppParams>; Body: ChangeDomainsBody }>("/v1/apps/:app/domains", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Add, remove or clear an app's custom domains, or turn HSTS on or off",
      description:
        "The whole change is checked first: an invalid hostname (DOMAIN_INVALID) or one another app has (DOMAIN_TAKEN, naming that app) refuses it and nothing changes. " +
        "Then the proxy serves the new names at once and obtains their certificates (server setting `tls`), without a restart.",
      params: AppParams,
      body: Type.Ref(ChangeDomainsBody),
      response: { 200: Type.Ref(AppDomains), ...errors },
    },
    handler: async (request) => deps.domains.change(request.params.app, request.body),
  });
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/certificates", {
    config: { permission: "app:read" },
    schema: {
      ...secured,
      summary: "Each hostname's certificate as the proxy serves it: issuer, expiry, status, source; and the app's custom certificates with their expiry",
      params: AppParams,
      response: { 200: Type.Ref(AppCertificates), ...errors },
    },
    handler: async (request) => deps.certificates.list(request.params.app),
  });
  app.post<{ Params: Static<typeof AppParams>; Body: AddCertificateBody }>("/v1/apps/:app/certificates/custom", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Serve a certificate of your own for the app's hostnames it covers",
      description:
        "Checked whole before anything changes: PEM within bounds (CERTIFICATE_INVALID), the key matches (CERTIFICATE_KEY_MISMATCH), valid now (CERTIFICATE_EXPIRED), " +
        "each certificate signed by the next and the last a root or issued by a well-known one (CERTIFICATE_CHAIN_INCOMPLETE), covering the app's hostnames (CERTIFICATE_HOST_MISMATCH). " +
        "The proxy then serves it at once and stops obtaining certificates for those hostnames.",
      params: AppParams,
      body: Type.Ref(AddCertificateBody),
      response: { 200: Type.Ref(CustomCertificate), ...errors },
    },
    handler: async (request) => deps.certificates.add(request.params.app, request.body),
  });
  app.delete<{ Params: Static<typeof AppParams>; Querystring: Static<typeof RemoveQuery> }>("/v1/apps/:app/certificates/custom", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Remove custom certificates: the proxy obtains certificates for those hostnames again",
      description: "With `hosts`, the certificates serving those hostnames (CERTIFICATE_NOT_FOUND if one has none; nothing changed); without, all of the app's.",
      params: AppParams,
      querystring: RemoveQuery,
      response: { 200: Type.Ref(RemovedCertificates), ...errors },
    },
    handler: async (request) => {
      const hosts = (request.query.hosts ?? "").split(",").map((host) => host.trim()).filter((host) => host !== "");
      return deps.certificates.remove(request.params.app, hosts);
    },
  });
}
