import { appPermissionRoles, isAppPermission, roleAtLeast, type AppRole, type ErrorCode, type Permission } from "@hop3/contract";
import type { Principal } from "./token-store.ts";

/** What one request asks for. */
export interface AccessRequest {
  readonly permission: Permission;
  readonly method: string;
  /** The app named in the route (its `:app`), if any. */
  readonly app: string | undefined;
}

export type Decision = { readonly allow: true } | { readonly allow: false; readonly code: ErrorCode; readonly message: string };

const allowed: Decision = { allow: true };
const readMethods = new Set(["GET", "HEAD"]);

/**
 * The one authorisation point (docs/adr/0044-users-roles-authorisation.md): whether `caller`
 * may make `request`. `roleOn` gives the caller's user's role on an app. A caller who has no
 * role on the app in the route is told the app does not exist (404), as for a missing app.
 */
export function authorize(caller: Principal, request: AccessRequest, roleOn: (app: string) => AppRole | null): Decision {
  const { permission, app } = request;
  if (permission === "public") return allowed;
  const role = app === undefined ? null : effectiveRole(caller, app, roleOn);
  if (app !== undefined && role === null) return { allow: false, code: "APP_NOT_FOUND", message: `App "${app}" does not exist.` };
  if (caller.readOnly && !readMethods.has(request.method)) return deny(`The token "${caller.name}" is read-only.`);
  if (isAppPermission(permission)) {
    if (role === null) return deny(`The route declares ${permission} but names no app.`);
    const needed = appPermissionRoles[permission];
    return roleAtLeast(role, needed) ? allowed : deny(`${caller.user} is ${article(role)} ${role} of "${app}"; this needs ${needed} or more (${permission}).`);
  }
  if (permission === "signed-in") return allowed;
  if (caller.app !== null) return deny(`The token "${caller.name}" may act on app "${caller.app}" only.`);
  if (permission === "self") return allowed;
  // Server permissions, apps:create and the catalogue from before roles: admins only.
  return caller.admin ? allowed : deny(`Only server admins may do this (${permission}).`);
}

/** The caller's role on the app: owner for admins; none outside a token's app. */
export function effectiveRole(caller: Principal, app: string, roleOn: (app: string) => AppRole | null): AppRole | null {
  if (caller.app !== null && caller.app !== app) return null;
  return caller.admin ? "owner" : roleOn(app);
}

function deny(message: string): Decision {
  return { allow: false, code: "PERMISSION_DENIED", message };
}

function article(role: AppRole): string {
  return role === "owner" ? "an" : "a";
}
