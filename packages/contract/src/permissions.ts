/**
 * The closed catalogue of permissions. Every API route declares one (there is no default);
 * the server's one `authorize()` decides from it, the caller's roles and the app in the route.
 *
 * - `public`: anyone (the health probe and the API description only).
 * - `signed-in`: any caller with a valid token, even one limited to an app or to reading: who
 *   am I, the server's status, the app list; answers show only the apps the caller has a role on.
 * - `self`: a caller whose token is not limited to one app, acting on their own account (own
 *   tokens, own keys, own password).
 * - `app:read` / `app:secrets` / `app:deploy` / `app:manage`: the app named in the route, for
 *   a caller whose role on it is at least viewer / developer / developer / owner.
 * - `addon:read` / `addon:secrets` / `addon:manage`: the addon named in the route, for a caller
 *   whose role on it is at least viewer / developer / owner. A user's role on an addon is their
 *   strongest role on the apps it is attached to, at most developer; its creator and server
 *   admins are its owners (docs/adr/0068-addon-roles-connect-upgrade.md).
 * - `addons:create`: server admins, and users who are developer or owner of at least one app.
 * - `apps:create`, `server:read`, `server:write`: server admins only.
 * - `apps:read`, `apps:write`, `apps:deploy`, `keys:read`, `keys:write`: the catalogue before
 *   roles existed. No role grants them: a route still declaring one is reachable by admins
 *   only, until it is given one of the permissions above (docs/adr/0044-users-roles-authorisation.md).
 */
export const permissions = [
  "public",
  "self",
  "signed-in",
  "apps:create",
  "app:read",
  "app:secrets",
  "app:deploy",
  "app:manage",
  "addons:create",
  "addon:read",
  "addon:secrets",
  "addon:manage",
  "server:read",
  "server:write",
  "apps:read",
  "apps:write",
  "apps:deploy",
  "keys:read",
  "keys:write",
  "metrics:read",
] as const;
export type Permission = (typeof permissions)[number];

/** Roles a user can hold on one app, weakest first. */
export const appRoles = ["viewer", "developer", "owner"] as const;
export type AppRole = (typeof appRoles)[number];

/** The weakest app role each app permission needs. */
export const appPermissionRoles = {
  "app:read": "viewer",
  "app:secrets": "developer",
  "app:deploy": "developer",
  "app:manage": "owner",
} as const satisfies Record<string, AppRole>;
export type AppPermission = keyof typeof appPermissionRoles;

export function isAppPermission(permission: Permission): permission is AppPermission {
  return Object.hasOwn(appPermissionRoles, permission);
}

/** The weakest role on the addon each addon permission needs (an addon's owner: its creator, or an admin). */
export const addonPermissionRoles = {
  "addon:read": "viewer",
  "addon:secrets": "developer",
  "addon:manage": "owner",
} as const satisfies Record<string, AppRole>;
export type AddonPermission = keyof typeof addonPermissionRoles;

export function isAddonPermission(permission: Permission): permission is AddonPermission {
  return Object.hasOwn(addonPermissionRoles, permission);
}

/** True when `role` is at least `needed`. */
export function roleAtLeast(role: AppRole, needed: AppRole): boolean {
  return appRoles.indexOf(role) >= appRoles.indexOf(needed);
}

/**
 * A request carrying this header is authorised as usual, then answered 204 without being run:
 * "may I?" (the SSH entry asks it before accepting a push).
 */
export const authorizeOnlyHeader = "hop3-authorize-only";
