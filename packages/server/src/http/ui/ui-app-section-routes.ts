import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import { AppParams, Hop3Error, appRoles, roleAtLeast, type AppCertificates, type AppRole, type ChangeDomainsBody } from "@hop3/contract";
import { addonRole } from "../../auth/authorize.ts";
import type { HttpApiDeps } from "../api-routes.ts";
import { callerOf } from "../routes/caller-of.ts";
import { html, type Html } from "./html.ts";
import type { FormProblem } from "./ui-app-config.ts";
import { appSections, restoreConfirmation } from "./ui-app-sections.ts";
import { allowedTo, field, type FormBody, type UiKit } from "./ui-kit.ts";
import { layout } from "./ui-pages.ts";

type AppRoute = { Params: { app: string }; Body: FormBody };
type BackupRoute = { Params: { app: string; id: number }; Body: FormBody };

const appParams = { params: AppParams, hide: true };
const backupParams = { params: Type.Object({ app: Type.String({ maxLength: 200 }), id: Type.Integer({ minimum: 1 }) }), hide: true };
/** The proxy is asked for the certificates it serves; the page does not wait longer for it. */
const certificateWaitMs = 3000;
/** Audit entries shown on the app page; the audit page has the rest. */
const appAuditEntries = 20;

/** The fixed messages after the sections' actions (`?done=`), never text taken from the request. */
export const appSectionNotices: Record<string, string> = {
  "domain-added": "Domain added.",
  "domain-removed": "Domain removed.",
  "hsts-changed": "HSTS changed.",
  "addon-attached": "Addon attached; the app restarted with its variables.",
  "addon-detached": "Addon detached; the app restarted without its variables.",
  "backup-started": "Backup started.",
  restored: "Backup restored.",
  "restored-to": "Backup restored into the new app.",
  granted: "Role granted.",
  revoked: "Role revoked.",
};

/**
 * The app page's domains and certificates, addons, backups, access and audit entries, for the
 * signed-in caller: each list as the API route that lists it shows it, each button only when
 * `authorize()` allows the API route it mirrors.
 */
export async function appSectionsOf(deps: HttpApiDeps, kit: UiKit, request: FastifyRequest<{ Params: { app: string } }>, problem: FormProblem | null = null): Promise<Html> {
  const app = request.params.app;
  const may = (permission: Parameters<typeof allowedTo>[2], method = "POST") => allowedTo(deps.userStore, request, permission, method, app);
  const attaches = may("app:deploy");
  const addons = await deps.addons.list();
  const addonRoleOf = addonRoleOfCaller(deps, request);
  const audit = may("server:read", "GET") ? deps.audit.list({ app, limit: appAuditEntries }) : null;
  return appSections(kit.viewerOf(request)!, {
    app,
    domains: deps.domains.domains.list(app),
    certificates: await certificatesOf(deps, app),
    addons: {
      // Attached to this app: the caller's role on the app is a role on them (as GET /v1/addons lists them).
      attached: addons.flatMap((addon) => addon.attachments.filter((attachment) => attachment.app === app).map((attachment) => ({ name: addon.name, type: addon.type, status: addon.status, version: addon.version, variables: attachment.variables }))),
      // Attachable: a developer role on the addon, as POST /v1/addons/:addon/attachments needs (addon:secrets).
      others: attaches ? addons.filter((addon) => !addon.attachments.some((attachment) => attachment.app === app) && atLeastDeveloper(addonRoleOf(addon.name))).map((addon) => addon.name) : [],
    },
    backups: { ...deps.backups.backups.list(app, deps.backups.schedules.of(app)), overdue: deps.backups.schedules.overdue(app), drill: deps.backups.drills.of(app) },
    access: deps.users.access(app),
    audit,
    actions: { manage: may("app:manage"), backup: may("app:deploy"), addons: attaches, admin: callerOf(request).admin },
    problem,
  });
}

/** The caller's role on an addon, as the addon routes decide it (ADR 68). */
function addonRoleOfCaller(deps: HttpApiDeps, request: FastifyRequest): (addon: string) => AppRole | null {
  const caller = callerOf(request);
  return (addon) => addonRole(caller, deps.addons.accessOf(addon), (name) => deps.userStore.roleOn(caller.userId, name));
}

function atLeastDeveloper(role: AppRole | null): boolean {
  return role !== null && roleAtLeast(role, "developer");
}

async function certificatesOf(deps: HttpApiDeps, app: string): Promise<AppCertificates | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), certificateWaitMs)));
  try {
    return await Promise.race([deps.domains.certificates.list(app).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The sections' actions: each a form POST with the session's CSRF token, under the API route's permission. */
export function uiAppSectionRoutes(app: FastifyInstance, deps: HttpApiDeps, kit: UiKit): void {
  const back = (name: string, done: string) => `/ui/apps/${encodeURIComponent(name)}?done=${done}`;

  app.post<AppRoute>("/ui/apps/:app/domains", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const add = field(request.body, "add").trim();
    const remove = field(request.body, "remove").trim();
    const hsts = field(request.body, "hsts");
    const change: ChangeDomainsBody = add ? { add: [add] } : remove ? { remove: [remove] } : hsts === "on" || hsts === "off" ? { hsts: hsts === "on" } : {};
    if (Object.keys(change).length === 0) throw new Hop3Error("REQUEST_INVALID", "The form names no domain to add or remove and no HSTS setting.");
    request.audit = { detail: add ? `add ${add}` : remove ? `remove ${remove}` : `hsts ${hsts}` };
    await deps.domains.domains.change(request.params.app, change);
    return reply.redirect(back(request.params.app, add ? "domain-added" : remove ? "domain-removed" : "hsts-changed"), 303);
  });

  // app:deploy on the route's app, then the addon's own rule, as the API's attach and detach routes.
  app.post<AppRoute>("/ui/apps/:app/addons/attach", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const addon = field(request.body, "addon", 200);
    const prefix = field(request.body, "prefix", 100).trim();
    request.audit = { detail: addon };
    const role = addonRoleOfCaller(deps, request)(addon);
    if (role === null) throw new Hop3Error("ADDON_NOT_FOUND", `There is no addon named ${JSON.stringify(addon.slice(0, 80))}.`);
    if (!atLeastDeveloper(role)) throw new Hop3Error("PERMISSION_DENIED", `${callerOf(request).user} is a viewer of the addon "${addon}"; attaching it needs developer or more (addon:secrets).`);
    await deps.addons.attach(addon, request.params.app, prefix === "" ? undefined : prefix);
    return reply.redirect(back(request.params.app, "addon-attached"), 303);
  });
  app.post<AppRoute>("/ui/apps/:app/addons/detach", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const addon = field(request.body, "addon", 200);
    request.audit = { detail: addon };
    if (addonRoleOfCaller(deps, request)(addon) === null) throw new Hop3Error("ADDON_NOT_FOUND", `There is no addon named ${JSON.stringify(addon.slice(0, 80))}.`);
    await deps.addons.detach(addon, request.params.app);
    return reply.redirect(back(request.params.app, "addon-detached"), 303);
  });

  app.post<AppRoute>("/ui/apps/:app/backups", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const backup = await deps.backups.backups.start(request.params.app);
    request.audit = { detail: `backup ${backup.id}` };
    if (backup.newRepository === undefined) return reply.redirect(back(request.params.app, "backup-started"), 303);
    // The backup that made the repository carries its password, this once: shown as the API shows it.
    const base = `/ui/apps/${request.params.app}`;
    return kit.send(
      reply,
      layout(
        "Backup started",
        kit.viewerOf(request),
        html`<h1>Backup ${backup.id} of <a href="${base}">${request.params.app}</a> started</h1>
<p>It made the repository <code>${backup.newRepository.location}</code>. Its password is shown only now; keep a copy away from this server (restoring on another server needs it):</p>
<pre><code id="repository-password">${backup.newRepository.password}</code></pre>
<p><a href="${base}">Back to ${request.params.app}</a></p>`,
      ),
    );
  });
  app.get<BackupRoute>("/ui/apps/:app/backups/:id/restore", { config: { permission: "app:manage" }, schema: backupParams }, async (request, reply) => {
    const backup = deps.backups.backups.find(request.params.app, request.params.id);
    if (backup.status !== "succeeded") throw new Hop3Error("REQUEST_INVALID", `Backup ${backup.id} of "${request.params.app}" is ${backup.status}: only a succeeded backup can be restored.`);
    return kit.send(reply, layout(`Restore ${request.params.app}`, kit.viewerOf(request), restoreConfirmation(kit.viewerOf(request)!, request.params.app, backup)));
  });
  app.post<BackupRoute>("/ui/apps/:app/backups/:id/restore", { config: { permission: "app:manage", csrf: "form" }, schema: backupParams }, async (request, reply) => {
    // Only from the confirmation page: a bare POST (a stray form) restores nothing.
    if (field(request.body, "confirm") !== "yes") throw new Hop3Error("REQUEST_INVALID", "A restore needs its confirmation (the form of the restore page).");
    const to = field(request.body, "to", 63).trim();
    request.audit = { detail: `backup ${request.params.id}${to === "" ? "" : ` to ${to}`}` };
    await deps.backups.restore.restore(request.params.app, request.params.id, to === "" ? undefined : to);
    return reply.redirect(back(request.params.app, to === "" ? "restored" : "restored-to"), 303);
  });

  app.post<AppRoute>("/ui/apps/:app/access", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const user = field(request.body, "user", 64).trim();
    const role = field(request.body, "role");
    if (!(appRoles as readonly string[]).includes(role)) throw new Hop3Error("REQUEST_INVALID", `The role ${JSON.stringify(role.slice(0, 20))} is not one of ${appRoles.join(", ")}.`);
    request.audit = { detail: `${user}: ${role}` };
    deps.users.grant(callerOf(request), request.params.app, user, role as AppRole);
    return reply.redirect(back(request.params.app, "granted"), 303);
  });
  app.post<AppRoute>("/ui/apps/:app/access/revoke", { config: { permission: "app:manage", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const user = field(request.body, "user", 64);
    request.audit = { detail: user };
    deps.users.revoke(callerOf(request), request.params.app, user);
    return reply.redirect(back(request.params.app, "revoked"), 303);
  });
}
