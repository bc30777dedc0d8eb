import type { Permission } from "@hop3/contract";
import type { Principal } from "../auth/token-store.ts";

/** What each route declares in its `config`: the permission a caller needs. */
export interface RouteConfig {
  readonly permission: Permission;
  /** "form": a session's CSRF token comes in the body's `csrf` field, not the header (web UI forms). */
  readonly csrf?: "form";
}

/** What a request contributes to its audit entry (http/audit-trail.ts). */
export interface AuditNote {
  /** What changed, never a secret value: config names, a role, a token's name. */
  detail?: string;
  /** The outcome when the HTTP status does not tell it (a streamed deploy that failed). */
  outcome?: string;
  /** Who, for a request that signs in (it has no caller yet). */
  user?: string;
  /** The error code the request was answered with. */
  error?: string;
  /** Record the request even though it only reads (a sign-in that comes back as a GET). */
  always?: boolean;
  /** Set once the entry is written. */
  recorded?: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: Permission;
    csrf?: "form";
  }
  interface FastifyRequest {
    principal?: Principal;
    audit?: AuditNote;
    /** Checks again that the request's session or token is valid and still allows the route (long streams). */
    stillAllowed?: () => boolean;
  }
}
