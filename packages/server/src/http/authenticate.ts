import type { FastifyInstance, FastifyRequest } from "fastify";
import { authorizeOnlyHeader, csrfHeader, Hop3Error } from "@hop3/contract";
import type { TokenStore } from "../auth/token-store.ts";
import type { UserStore } from "../auth/user-store.ts";
import type { SessionStore } from "../auth/session-store.ts";
import { sessionCookieOf } from "./session-cookie.ts";
import { authorize, type AddonAccess, type AddonLookup } from "../auth/authorize.ts";
import type { Principal } from "../auth/token-store.ts";
import type {} from "./route-config.ts";

/**
 * Refuses to register a route without a declared permission; checks the bearer token of every
 * request to a non-public route and the route's permission (the one `authorize()`), before
 * its body is read.
 */
export function installAuthentication(
  app: FastifyInstance,
  access: { readonly tokens: TokenStore; readonly userStore: UserStore; readonly sessions: SessionStore; readonly addons?: { accessOf(addon: string): AddonAccess | null } },
): void {
  const addonLookup = (caller: Principal): AddonLookup => ({
    access: (addon) => access.addons?.accessOf(addon) ?? null,
    roles: () => access.userStore.rolesOf(caller.userId).map((held) => held.role),
  });
  // Session cookies of form routes (`csrf: "form"`) whose CSRF token is in the body, checked once it is read.
  const formCsrf = new WeakMap<FastifyRequest, string>();
  app.addHook("onRoute", (route) => {
    if (!route.config?.permission) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
  });
  app.addHook("onRequest", async (request: FastifyRequest, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) return;
    if (permission === "public") {
      // "May I?" never runs a route, public ones included.
      if (request.headers[authorizeOnlyHeader] !== undefined) return reply.status(204).send();
      return;
    }
    const header = request.headers.authorization;
    const cookie = header ? null : sessionCookieOf(request.headers.cookie);
    if (!header && cookie === null) throw new Hop3Error("AUTH_REQUIRED", "This request needs an API token.");
    let principal;
    let token: string | undefined;
    if (cookie !== null) {
      // A browser sends the cookie by itself: a change must also carry the session's CSRF token.
      // An HTML form cannot set a header: its token is the `csrf` field, checked in preValidation.
      const safe = request.method === "GET" || request.method === "HEAD";
      const inForm = !safe && request.routeOptions.config.csrf === "form";
      if (inForm) formCsrf.set(request, cookie);
      const csrf = safe || inForm ? null : String(request.headers[csrfHeader] ?? "");
      principal = access.sessions.authenticate(cookie, csrf);
      if (principal === "csrf") throw new Hop3Error("CSRF_INVALID", `This request comes with a session cookie but not the session's ${csrfHeader} header.`);
      if (principal === "expired") throw new Hop3Error("AUTH_EXPIRED", "The session has expired; sign in again.");
      if (!principal) throw new Hop3Error("AUTH_INVALID", "The session is not valid; sign in again.");
    } else {
      token = /^Bearer (\S+)$/.exec(header ?? "")?.[1];
      principal = token ? access.tokens.authenticate(token) : null;
      if (principal === "expired") throw new Hop3Error("AUTH_EXPIRED", "The API token has expired.");
      if (!principal) throw new Hop3Error("AUTH_INVALID", "The API token is not valid.");
    }
    request.principal = principal;
    const params = request.params as Record<string, string | undefined> | undefined;
    const app = params?.app;
    const addon = params?.addon;
    const users = access.userStore;
    const decision = authorize(principal, { permission, method: request.method, app, addon }, (name) => users.roleOn(principal.userId, name), addonLookup(principal));
    if (!decision.allow) throw new Hop3Error(decision.code, decision.message);
    // A stream that lasts (followed logs) asks again: a signed-out session, a revoked token or a
    // role taken away ends it.
    request.stillAllowed = () => {
      const again = cookie !== null ? access.sessions.authenticate(cookie, null) : token ? access.tokens.authenticate(token) : null;
      if (!again || typeof again === "string") return false;
      return authorize(again, { permission, method: request.method, app, addon }, (name) => users.roleOn(again.userId, name), addonLookup(again)).allow;
    };
    if (request.headers[authorizeOnlyHeader] !== undefined) {
      request.audit = { recorded: true };
      return reply.status(204).send();
    }
  });
  app.addHook("preValidation", async (request) => {
    const cookie = formCsrf.get(request);
    if (cookie === undefined) return;
    const field = (request.body as Record<string, unknown> | null | undefined)?.csrf;
    if (access.sessions.authenticate(cookie, typeof field === "string" ? field : "") === "csrf") {
      throw new Hop3Error("CSRF_INVALID", "This form comes with a session cookie but not the session's CSRF token (its `csrf` field).");
    }
  });
}
