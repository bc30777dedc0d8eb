import type { Permission } from "@hop3/contract";
import type { Principal } from "../auth/token-store.ts";

/** What each route declares in its `config`: the permission a caller needs. */
export interface RouteConfig {
  readonly permission: Permission;
}

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}
