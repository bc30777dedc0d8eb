import type { FastifyInstance, FastifyRequest } from "fastify";
import { Hop3Error } from "@hop3/contract";
import type { TokenStore } from "../auth/token-store.ts";
import type {} from "./route-config.ts";

/**
 * Refuses to register a route without a declared permission, and checks the bearer token of
 * every request to a non-public route before its body is read.
 */
export function installAuthentication(app: FastifyInstance, tokens: TokenStore): void {
  app.addHook("onRoute", (route) => {
    if (!route.config?.permission) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
  });
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === "public") return;
    const header = request.headers.authorization;
    if (!header) throw new Hop3Error("AUTH_REQUIRED", "This request needs an API token.");
    const match = /^Bearer (\S+)$/.exec(header);
    const principal = match?.[1] ? tokens.authenticate(match[1]) : null;
    if (!principal) throw new Hop3Error("AUTH_INVALID", "The API token is not valid.");
    // Only the admin role exists so far; it holds every permission.
    request.principal = principal;
  });
}
