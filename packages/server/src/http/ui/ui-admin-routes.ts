import type { FastifyInstance } from "fastify";
import { Hop3Error } from "@hop3/contract";
import type { HttpApiDeps } from "../api-routes.ts";
import { callerOf } from "../routes/caller-of.ts";
import { auditPage } from "./ui-audit-page.ts";
import { field, type FormBody, type UiKit } from "./ui-kit.ts";
import { uiServerRoutes } from "./ui-server-routes.ts";
import { uiUserRoutes } from "./ui-user-routes.ts";
import { tokensPage } from "./ui-users-page.ts";

/** Entries per page of the audit log: a page stays small whatever the log holds. */
export const auditPageSize = 50;

type AuditQueryString = { Querystring: Record<string, string | undefined> };

/**
 * `/ui/server` and `/ui/users` with their forms (ui-server-routes.ts, ui-user-routes.ts), `/ui/audit`
 * (admins: the permission of `GET /v1/audit`) and `/ui/tokens` (anyone's own tokens, as `GET /v1/tokens`).
 */
export function uiAdminRoutes(app: FastifyInstance, deps: HttpApiDeps, kit: UiKit): void {
  uiServerRoutes(app, deps, kit);
  uiUserRoutes(app, deps, kit);

  app.get<{ Querystring: { done?: string } }>("/ui/tokens", { config: { permission: "self" }, schema: { hide: true } }, async (request, reply) => {
    const notice = request.query.done === "revoked" ? "Token revoked." : null;
    return kit.send(reply, tokensPage(kit.viewerOf(request)!, deps.users.tokens(callerOf(request)), notice));
  });
  app.post<{ Body: FormBody }>("/ui/tokens/revoke", { config: { permission: "self", csrf: "form" }, schema: { hide: true } }, async (request, reply) => {
    const id = field(request.body, "id", 12);
    if (!/^[1-9][0-9]{0,8}$/.test(id)) throw new Hop3Error("REQUEST_INVALID", `The token id ${JSON.stringify(id)} is not valid.`);
    const revoked = deps.users.revokeToken(callerOf(request), Number(id));
    request.audit = { detail: revoked.name };
    return reply.redirect("/ui/tokens?done=revoked", 303);
  });

  app.get<AuditQueryString>("/ui/audit", { config: { permission: "server:read" }, schema: { hide: true } }, async (request, reply) => {
    const text = (name: string, max: number) => String(request.query[name] ?? "").trim().slice(0, max);
    const before = /^[1-9][0-9]{0,11}$/.test(String(request.query.before ?? "")) ? Number(request.query.before) : null;
    const filter = { app: text("app", 63), user: text("user", 64), action: text("action", 100), before };
    const entries = deps.audit.list({
      limit: auditPageSize,
      ...(filter.app ? { app: filter.app } : {}),
      ...(filter.user ? { user: filter.user } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(before === null ? {} : { before }),
    });
    return kit.send(reply, auditPage(kit.viewerOf(request)!, filter, entries, auditPageSize));
  });
}
