import type { FastifyRequest } from "fastify";
import type { Principal } from "../../auth/token-store.ts";
import type {} from "../route-config.ts";

/** The authenticated caller of a non-public route (set by authentication before any handler). */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.method} ${request.url} reached its handler without a caller`);
  return request.principal;
}
