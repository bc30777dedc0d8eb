import { addonPermissionRoles, appPermissionRoles, isAddonPermission, isAppPermission, roleAtLeast, type AppRole, type ErrorCode, type Permission } from "@hop3/contract";
import type { Principal } from "./token-store.ts";

/** What one request asks for. */
export interface AccessRequest {
  readonly permission: Permission;
  readonly method: string;
  /** The app named in the route (its `:app`), if any. */
  readonly app: string | undefined;
  /** The addon named in the route (its `:addon`), if any. */
  readonly addon?: string | undefined;
}

/** Who may reach an addon: the apps it is attached to and the user who created it (null: no such addon). */
export interface AddonAccess {
  readonly apps: readonly string[];
  readonly createdBy: number | null;
}

/** What `authorize` needs to decide on addon permissions: the addon's access, and the caller's roles on every app. */
export interface AddonLookup {
  access(addon: string): AddonAccess | null;
  roles(): readonly AppRole[];
}

export type Decision = { readonly allow: true } | { readonly allow: false; readonly code: ErrorCode; readonly message: string };

const allowed: Decision = { allow: true };
const readMethods = new Set(["GET", "HEAD"]);

/**
 * The one authorisation point (docs/adr/0044-users-roles-authorisation.md): whether `caller`
 * may make `request`. `roleOn` gives the caller's user's role on an app. A caller who has no
 * role on the app in the route is told the app does not exist (404), as for a missing app.
 */
export function authorize(caller: Principal, request: AccessRequest, roleOn: (app: string) => AppRole | null, addons?: AddonLookup): Decision {
  const { permission, app } = request;
  if (permission === "public") return allowed;
  const role = app === undefined ? null : effectiveRole(caller, app, roleOn);
  if (app !== undefined && role === null) return { allow: false, code: "APP_NOT_FOUND", message: `App "${app}" does not exist.` };
  if (isAddonPermission(permission)) return authorizeAddon(caller, request, roleOn, addons);
  if (caller.readOnly && !readMethods.has(request.method)) return deny(`The token "${caller.name}" is read-only.`);
  if (permission === "addons:create") {
    if (caller.app !== null) return deny(`The token "${caller.name}" may act on app "${caller.app}" only.`);
    const developer = caller.admin || (addons?.roles() ?? []).some((held) => roleAtLeast(held, "developer"));
    return developer ? allowed : deny(`${caller.user} is developer or owner of no app; creating an addon needs one of these roles (addons:create).`);
  }
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

/** An addon route: a caller without a role on the addon is told it does not exist (404), as for a missing addon. */
function authorizeAddon(caller: Principal, request: AccessRequest, roleOn: (app: string) => AppRole | null, addons: AddonLookup | undefined): Decision {
  const { addon } = request;
  const permission = request.permission as keyof typeof addonPermissionRoles;
  if (addon === undefined || addons === undefined) return deny(`The route declares ${permission} but names no addon.`);
  const role = addonRole(caller, addons.access(addon), roleOn);
  if (role === null) return { allow: false, code: "ADDON_NOT_FOUND", message: `There is no addon named ${JSON.stringify(addon.slice(0, 80))}.` };
  if (caller.readOnly && !readMethods.has(request.method)) return deny(`The token "${caller.name}" is read-only.`);
  const needed = addonPermissionRoles[permission];
  if (roleAtLeast(role, needed)) return allowed;
  const why = needed === "owner" ? "its creator or a server admin" : `${needed} or more`;
  return deny(`${caller.user} is ${article(role)} ${role} of the addon "${addon}"; this needs ${why} (${permission}).`);
}

/**
 * The caller's role on an addon (ADR 68): owner for admins and for the user who created it;
 * else their strongest role on the apps it is attached to, at most developer (owning one app
 * does not give the power to destroy data other apps may share). A token limited to one app
 * reaches only the addons attached to that app. Null: no role (or, but for admins, no such addon).
 */
export function addonRole(caller: Principal, access: AddonAccess | null, roleOn: (app: string) => AppRole | null): AppRole | null {
  // Admins are let through as for apps: the route itself then says whether the addon exists.
  if (caller.app === null && caller.admin) return "owner";
  if (access === null) return null;
  if (caller.app === null && access.createdBy === caller.userId) return "owner";
  let best: AppRole | null = null;
  for (const app of access.apps) {
    const held = effectiveRole(caller, app, roleOn);
    if (held !== null && (best === null || roleAtLeast(held, best))) best = held;
  }
  return best === "owner" ? "developer" : best;
}

function deny(message: string): Decision {
  return { allow: false, code: "PERMISSION_DENIED", message };
}

function article(role: AppRole): string {
  return role === "owner" ? "an" : "a";
}
