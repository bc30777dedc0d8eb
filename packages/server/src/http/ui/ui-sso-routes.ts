import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Hop3Error } from "@hop3/contract";
import type { NewSession } from "../../auth/session-store.ts";
import type { HttpApiDeps } from "../api-routes.ts";
import { callerOf } from "../routes/caller-of.ts";
import { cookieOf, sessionCookieHeader } from "../session-cookie.ts";
import type { Html } from "./html.ts";
import { cliTokenPage, signedInPage } from "./ui-sso-pages.ts";
import type { Viewer } from "./ui-pages.ts";
import type {} from "../route-config.ts";

/** The cookie holding the session's CSRF token, so each page can put it in its forms. */
export const csrfCookie = "hop3_csrf";
/** The browser's pending single sign-on (its id): Lax, as the provider sends the browser back. */
const oidcCookie = "hop3_oidc";
const oidcPath = "/ui/sign-in/oidc";

/** The Set-Cookie headers of a new web UI session: the session and its CSRF token for the pages' forms. */
export function uiSessionCookies(session: NewSession): string[] {
  const maxAge = Math.max(0, Math.round((Date.parse(session.expiresAt) - Date.now()) / 1000));
  return [sessionCookieHeader(session.cookie, maxAge), `${csrfCookie}=${session.csrfToken}; Path=/ui; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAge}`];
}

/**
 * Single sign-on with OpenID Connect (ADR 59) and the page that makes a command-line token
 * for people who sign in to the web UI (docs/access.md).
 */
export function uiSsoRoutes(app: FastifyInstance, deps: HttpApiDeps, viewerOf: (request: Pick<FastifyRequest, "principal" | "headers">) => Viewer | null): void {
  const oidc = () => {
    if (!deps.oidc) throw new Hop3Error("SSO_NOT_CONFIGURED", "Single sign-on is not set up on this server.");
    return deps.oidc;
  };
  app.get(oidcPath, { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) => {
    const started = await oidc().start();
    return reply.header("set-cookie", `${oidcCookie}=${started.id}; Path=${oidcPath}; HttpOnly; Secure; SameSite=Lax; Max-Age=600`).redirect(started.url.href, 303);
  });
  app.get(`${oidcPath}/callback`, { config: { permission: "public" }, schema: { hide: true } }, async (request, reply) => {
    request.audit = { detail: "oidc", always: true };
    const id = cookieOf(request.headers.cookie, oidcCookie) ?? "";
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
    const session = deps.signIn.signInExternal(await oidc().finish(id, query));
    request.audit.user = session.user;
    return send(reply.header("set-cookie", [...uiSessionCookies(session), `${oidcCookie}=; Path=${oidcPath}; HttpOnly; Secure; SameSite=Lax; Max-Age=0`]), signedInPage());
  });

  app.get("/ui/cli-token", { config: { permission: "self" }, schema: { hide: true } }, async (request, reply) => send(reply, cliTokenPage(viewerOf(request)!, null)));
  app.post<{ Body: Record<string, string | undefined> }>("/ui/cli-token", { config: { permission: "self", csrf: "form" }, schema: { hide: true } }, async (request, reply) => {
    const name = String(request.body?.name ?? "");
    const days = Number(request.body?.expires ?? "90");
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw new Hop3Error("REQUEST_INVALID", `The token name ${JSON.stringify(name.slice(0, 64))} is not valid.`, { hint: "Use letters, digits, '.', '_' or '-'." });
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Hop3Error("REQUEST_INVALID", "Days until the token expires must be a whole number from 1 to 3650.");
    request.audit = { detail: name };
    const created = deps.users.createToken(callerOf(request), { name, expiresInDays: days });
    const url = `${request.protocol}://${request.host}`;
    return send(reply, cliTokenPage(viewerOf(request)!, { token: created.token, name, expiresAt: created.info.expiresAt, url }));
  });
}

function send(reply: FastifyReply, page: Html): FastifyReply {
  return reply.type("text/html; charset=utf-8").send(page.toString());
}
