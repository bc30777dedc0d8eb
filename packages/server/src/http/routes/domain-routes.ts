import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppCertificates, AppDomains, AppParams, ChangeDomainsBody, ErrorResponse, type HostCertificate } from "@hop3/contract";
import type { DomainService } from "../../operations/domain-service.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const secured = { tags: ["domains"], security: [{ bearer: [] }] };

export interface DomainRoutesDeps {
  readonly domains: Pick<DomainService, "list" | "change">;
  /** Each hostname's certificate as the proxy serves it. */
  readonly certificates: (app: string) => Promise<HostCertificate[]>;
}

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
      summary: "Each hostname's certificate as the proxy serves it: issuer, expiry, status",
      params: AppParams,
      response: { 200: Type.Ref(AppCertificates), ...errors },
    },
    handler: async (request) => {
      deps.domains.list(request.params.app);
      return { app: request.params.app, certificates: await deps.certificates(request.params.app) };
    },
  });
}
