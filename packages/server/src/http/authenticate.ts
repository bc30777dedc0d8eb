import type { FastifyInstance, FastifyRequest } from "fastify";
import { authorizeOnlyHeader, Hop3Error } from "@hop3/contract";
import type { TokenStore } from "../auth/token-store.ts";
import type { UserStore } from "../auth/user-store.ts";
import { authorize } from "../auth/authorize.ts";
import type {} from "./route-config.ts";

/**
 * Refuses to register a route without a declared permission; checks the bearer token of every
 * request to a non-public route and the route's permission (the one `authorize()`), before
 * its body is read.
 */
export function installAuthentication(app: FastifyInstance, access: { readonly tokens: TokenStore; readonly userStore: UserStore }): void {
  app.addHook("onRoute", (route) => {
    if (!route.config?.permission) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
  });
  app.addHook("onRequest", async (request: FastifyRequest, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === "public") return;
    const header = request.headers.authorization;
    if (!header) throw new Hop3Error("AUTH_REQUIRED", "This request needs an API token.");
    const match = /^Bearer (\S+)$/.exec(header);
    const principal = match?.[1] ? access.tokens.authenticate(match[1]) : null;
    if (principal === "expired") throw new Hop3Error("AUTH_EXPIRED", "The API token has expired.");
    if (!principal) throw new Hop3Error("AUTH_INVALID", "The API token is not valid.");
    request.principal = principal;
    const app = (request.params as Record<string, string | undefined> | undefined)?.app;
    const users = access.userStore;
    const decision = authorize(principal, { permission, method: request.method, app }, (name) => users.roleOn(principal.userId, name));
    if (!decision.allow) throw new Hop3Error(decision.code, decision.message);
    if (request.headers[authorizeOnlyHeader] !== undefined) {
      request.audit = { recorded: true };
      return reply.status(204).send();
    }
  });
}
