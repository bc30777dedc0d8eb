import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuditLog } from "../auth/audit-log.ts";
import { FailedAuthThrottle } from "../auth/failed-auth-throttle.ts";
import { upgradeConnectionOf } from "./upgrade-dispatch.ts";
import type {} from "./route-config.ts";

/** Action names of the routes that change something; any other route is logged as "METHOD /path". */
const actions: Record<string, string> = {
  "POST /v1/server/restore/access": "server.restore.access",
  "POST /v1/apps": "app.create",
  "DELETE /v1/apps/:app": "app.destroy",
  "POST /v1/apps/:app/deploys": "deploy",
  "POST /v1/apps/:app/rollbacks": "rollback",
  "POST /v1/apps/:app/redeploy": "redeploy",
  "POST /v1/apps/:app/config": "config.change",
  "POST /v1/apps/:app/processes/scale": "scale",
  "POST /v1/apps/:app/processes/start": "ps.start",
  "POST /v1/apps/:app/processes/stop": "ps.stop",
  "POST /v1/apps/:app/processes/restart": "ps.restart",
  "POST /v1/apps/:app/run": "run",
  "POST /v1/apps/:app/rename": "app.rename",
  "POST /v1/apps/:app/clone": "app.clone",
  "POST /v1/apps/:app/domains": "domains.change",
  "PUT /v1/apps/:app/git": "git.branch",
  "POST /v1/apps/:app/cron/:job/runs": "cron.run",
  "PUT /v1/apps/:app/access/:user": "access.grant",
  "DELETE /v1/apps/:app/access/:user": "access.revoke",
  "POST /v1/tokens": "token.create",
  "DELETE /v1/tokens/:token": "token.revoke",
  "POST /v1/users": "user.add",
  "DELETE /v1/users/:user": "user.remove",
  "PUT /v1/users/:user/password": "user.password",
  "PUT /v1/me/password": "user.password",
  "POST /v1/sessions": "login",
  "POST /v1/sessions/tokens": "login.token",
  "DELETE /v1/sessions/current": "logout",
  "POST /v1/keys": "key.add",
  "DELETE /v1/keys/:key": "key.remove",
  "POST /v1/firewall": "firewall.change",
  "POST /v1/firewall/confirm": "firewall.confirm",
  "POST /v1/addons": "addon.create",
  "DELETE /v1/addons/:addon": "addon.destroy",
  "POST /v1/addons/:addon/attachments": "addon.attach",
  "DELETE /v1/addons/:addon/attachments/:app": "addon.detach",
  "POST /v1/addons/:addon/import": "addon.import",
  "POST /v1/addons/:addon/connect": "addon.connect",
  "POST /v1/addons/:addon/upgrade": "addon.upgrade",
  // The web UI's forms (docs/web-ui.md) record the same actions as the API routes they mirror.
  "POST /ui/sign-in": "login",
  "POST /ui/sign-out": "logout",
  "GET /ui/sign-in/oidc/callback": "login",
  "POST /ui/cli-token": "token.create",
  "POST /ui/apps/:app/restart": "ps.restart",
  "POST /ui/apps/:app/rollback": "rollback",
  "POST /ui/apps/:app/redeploy": "redeploy",
  "POST /ui/apps/:app/domains": "domains.change",
  "POST /ui/apps/:app/access": "access.grant",
  "POST /ui/apps/:app/access/revoke": "access.revoke",
  "POST /ui/tokens/revoke": "token.revoke",
  "POST /ui/apps/:app/addons/attach": "addon.attach",
  "POST /ui/apps/:app/addons/detach": "addon.detach",
  "POST /ui/users": "user.add",
  "POST /ui/users/:user/password": "user.password",
  "POST /ui/users/:user/remove": "user.remove",
  "POST /ui/addons": "addon.create",
  "POST /ui/addons/:addon/destroy": "addon.destroy",
  // The API logs these under their routes (no action name): the UI forms use the same words.
  "POST /ui/apps/:app/backups": "POST /v1/apps/:app/backups",
  "POST /ui/apps/:app/backups/:id/restore": "POST /v1/apps/:app/backups/:id/restore",
  "POST /ui/apps/:app/certificates": "POST /v1/apps/:app/certificates/custom",
  "POST /ui/apps/:app/certificates/remove": "DELETE /v1/apps/:app/certificates/custom",
  "POST /ui/apps/:app/backups/schedule": "PUT /v1/apps/:app/backups/schedule",
  "POST /ui/apps/:app/backups/schedule/off": "DELETE /v1/apps/:app/backups/schedule",
  "POST /ui/apps/:app/backups/drill-schedule": "PUT /v1/apps/:app/backups/drill-schedule",
  "POST /ui/apps/:app/backups/drill-schedule/off": "DELETE /v1/apps/:app/backups/drill-schedule",
  "POST /ui/apps/:app/config": "config.change",
  "POST /ui/apps/:app/config/unset": "config.change",
  "POST /ui/apps/:app/scale": "scale",
  "POST /ui/apps/:app/stop": "ps.stop",
  "POST /ui/apps/:app/start": "ps.start",
};

const readMethods = new Set(["GET", "HEAD", "OPTIONS"]);
/** Password sign-ins: limited by the sign-in guard already, each failure is written. */
const signInRoutes = new Set(["POST /v1/sessions", "POST /v1/sessions/tokens", "POST /ui/sign-in"]);

/**
 * Writes one audit entry per request that may change something (any method but GET/HEAD,
 * allowed or refused) and per failed sign-in (a 401 on any route), when its response ends.
 * An HTTP Upgrade (`hop3 run`) is logged as it is let through: its response never "ends".
 */
export function installAuditTrail(app: FastifyInstance, deps: { readonly audit: AuditLog; readonly failedAuthPerMinute: number }): void {
  const throttle = new FailedAuthThrottle(deps.failedAuthPerMinute);
  app.addHook("preHandler", async (request) => {
    if (upgradeConnectionOf(request.raw) && !readMethods.has(request.method)) record(deps.audit, request, 101);
  });
  app.addHook("onResponse", async (request, reply) => {
    if (request.audit?.recorded) return;
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split("?")[0]}`;
    if (reply.statusCode === 401 && !signInRoutes.has(route)) {
      // Bad, expired or revoked tokens: a flood from one address is summed up (ADR 59).
      const ip = request.ip || "";
      const verdict = throttle.admit(ip);
      if (verdict.suppressed > 0) {
        deps.audit.append({ user: null, token: null, sshKey: null, ip: ip || null, action: "login.failed.suppressed", app: null, detail: `${verdict.suppressed} more failed authentications from this address in a minute`, result: "AUTH_INVALID" });
      }
      if (!verdict.record) return;
    }
    if (reply.statusCode === 401 || request.audit?.always || (!readMethods.has(request.method) && request.routeOptions.url !== undefined)) record(deps.audit, request, reply.statusCode);
  });
}

function record(audit: AuditLog, request: FastifyRequest, status: number): void {
  const note = (request.audit ??= {});
  note.recorded = true;
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split("?")[0]}`;
  const principal = request.principal;
  const failedSignIn = status === 401;
  const params = request.params as Record<string, unknown> | undefined;
  audit.append({
    user: principal?.user ?? note.user ?? null,
    token: principal?.name ?? null,
    sshKey: principal?.sshKey ?? null,
    ip: request.ip || null,
    action: failedSignIn || (signInRoutes.has(route) && status >= 400) ? "login.failed" : (actions[route] ?? route),
    app: typeof params?.app === "string" ? params.app.slice(0, 63) : null,
    detail: note.detail ?? (failedSignIn ? route : addonCreated.has(route) ? createdAddon(request.body) : addonOf(params)),
    result: note.outcome ?? (status < 400 ? "ok" : (note.error ?? `http-${status}`)),
  });
}

/** The addon a request acts on: its entries name it. */
function addonOf(params: Record<string, unknown> | undefined): string | null {
  return typeof params?.addon === "string" ? `addon ${params.addon.slice(0, 63)}` : null;
}

const addonCreated = new Set(["POST /v1/addons", "POST /ui/addons"]);

/** The type and name of an addon being created (JSON or form body). */
function createdAddon(body: unknown): string | null {
  const { type, name } = (body ?? {}) as { type?: unknown; name?: unknown };
  return typeof type === "string" && typeof name === "string" ? `${type.slice(0, 20)} addon ${name.slice(0, 63)}` : null;
}
