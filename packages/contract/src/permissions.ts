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

/** True when `role` is at least `needed`. */
export function roleAtLeast(role: AppRole, needed: AppRole): boolean {
  return appRoles.indexOf(role) >= appRoles.indexOf(needed);
}

/**
 * A request carrying this header is authorised as usual, then answered 204 without being run:
 * "may I?" (the SSH entry asks it before accepting a push).
 */
export const authorizeOnlyHeader = "hop3-authorize-only";
