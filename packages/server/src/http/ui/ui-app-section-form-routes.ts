import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AddCertificateBody, AppParams, Hop3Error } from "@hop3/contract";
import type { HttpApiDeps } from "../api-routes.ts";
import type {} from "../route-config.ts";
import { refusalOnAppPage, type AppRouteHelpers } from "./ui-app-routes.ts";
import { field, type FormBody } from "./ui-kit.ts";

type AppRoute = { Params: { app: string }; Body: FormBody };

const appParams = { params: AppParams, hide: true };
/** A PEM chain and key as the API accepts them (AddCertificateBody), form-encoded: up to three bytes a character. */
const certificateFormLimit = 3 * ((AddCertificateBody.properties.certificate.maxLength ?? 0) + (AddCertificateBody.properties.key.maxLength ?? 0)) + 4096;

/** The fixed messages after these forms (`?done=`), never text taken from the request. */
export const appSectionFormNotices: Record<string, string> = {
  "certificate-added": "Certificate added; the proxy serves it.",
  "certificate-removed": "Certificate removed; the hostnames get automatic certificates again.",
  "schedule-set": "Backup schedule set.",
  "schedule-off": "Backup schedule turned off; the backups stay.",
  "drill-set": "Restore drill schedule set.",
  "drill-off": "Restore drill schedule turned off.",
};

/**
 * The forms of the domains and backups sections that mirror `hop3 certs:add`, `certs:remove`,
 * `backups:schedule` and `backups:drill-schedule`: the API route's permission (app:manage), the
 * session's CSRF token, and a refusal (a bad certificate, a bad cron) shown next to its field.
 */
export function uiAppSectionFormRoutes(app: FastifyInstance, deps: HttpApiDeps, helpers: Pick<AppRouteHelpers, "renderApp">): void {
  const done = (request: FastifyRequest<AppRoute>, reply: FastifyReply, notice: keyof typeof appSectionFormNotices) =>
    reply.redirect(`/ui/apps/${encodeURIComponent(request.params.app)}?done=${notice}`, 303);
  const refusedOn = refusalOnAppPage(helpers.renderApp);

  app.post<AppRoute>("/ui/apps/:app/certificates", { config: { permission: "app:manage", csrf: "form" }, bodyLimit: certificateFormLimit, schema: appParams }, async (request, reply) => {
    const certificate = field(request.body, "certificate", AddCertificateBody.properties.certificate.maxLength);
    const key = field(request.body, "key", AddCertificateBody.properties.key.maxLength);
    // The chain is public and kept in its field on a refusal; the key is never sent back.
    return refusedOn("certificate", request, reply, certificate, async () => {
      const added = await deps.domains.certificates.add(request.params.app, { certificate, key });
      request.audit = { detail: `add ${added.hosts.join(",")}` };
      return done(request, reply, "certificate-added");
    });
  });
  app.post<AppRoute>("/ui/apps/:app/certificates/remove", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const hosts = field(request.body, "hosts", 30_000).split(",").map((host) => host.trim()).filter((host) => host !== "");
    // An empty list would remove every custom certificate of the app: the form always names its hosts.
    if (hosts.length === 0) throw new Hop3Error("REQUEST_INVALID", "The form names no hostname whose certificate to remove.");
    request.audit = { detail: `remove ${hosts.join(",")}` };
    await deps.domains.certificates.remove(request.params.app, hosts);
    return done(request, reply, "certificate-removed");
  });

  app.post<AppRoute>("/ui/apps/:app/backups/schedule", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const cron = field(request.body, "cron", 100).trim();
    request.audit = { detail: cron };
    return refusedOn("backup-schedule", request, reply, cron, async () => {
      const keep = (name: string) => {
        const text = field(request.body, name, 10).trim();
        if (!/^[0-9]{1,4}$/.test(text) || Number(text) > 1000) throw new Hop3Error("REQUEST_INVALID", `The number of backups kept (${name}) must be a whole number from 0 to 1000, got ${JSON.stringify(text)}.`);
        return Number(text);
      };
      deps.backups.schedules.set(request.params.app, { cron, keepDaily: keep("keep-daily"), keepWeekly: keep("keep-weekly"), keepMonthly: keep("keep-monthly") });
      return done(request, reply, "schedule-set");
    });
  });
  app.post<AppRoute>("/ui/apps/:app/backups/schedule/off", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    deps.backups.schedules.remove(request.params.app);
    return done(request, reply, "schedule-off");
  });
  app.post<AppRoute>("/ui/apps/:app/backups/drill-schedule", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const cron = field(request.body, "cron", 100).trim();
    request.audit = { detail: cron };
    return refusedOn("drill-schedule", request, reply, cron, async () => {
      deps.backups.drills.set(request.params.app, cron);
      return done(request, reply, "drill-set");
    });
  });
  app.post<AppRoute>("/ui/apps/:app/backups/drill-schedule/off", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    deps.backups.drills.remove(request.params.app);
    return done(request, reply, "drill-off");
  });
}
