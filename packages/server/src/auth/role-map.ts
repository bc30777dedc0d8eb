import { appRoles, type AppRole } from "@hop3/contract";

/** What one directory group gives: server admin, or a role on one app. */
export type GroupGrant = { readonly admin: true } | { readonly admin: false; readonly role: AppRole; readonly app: string };

/** Groups of a single sign-on provider mapped to Hop3 roles (docs/access.md, ADR 59). */
export interface RoleMap {
  readonly grants: ReadonlyMap<string, readonly GroupGrant[]>;
  /** Every app some group gives a role on: a signed-in user's role on these follows their groups. */
  readonly apps: ReadonlySet<string>;
}

/** The roles a user's groups give: admin or not, and their role per app (the strongest of their groups'). */
export interface GroupRoles {
  readonly admin: boolean;
  readonly apps: ReadonlyMap<string, AppRole>;
}

const entryPattern = /^([^=\s]+)\s*=\s*(admin|viewer|developer|owner)(?:@([a-z0-9][a-z0-9-]*))?$/;

/**
 * Reads `GROUP=admin, GROUP=ROLE@APP, ...` (a setting's text). Returns the entry that is not
 * valid as an error string, so the caller names the setting.
 */
export function parseRoleMap(text: string): RoleMap | { error: string } {
  const grants = new Map<string, GroupGrant[]>();
  const apps = new Set<string>();
  for (const entry of text.split(",").map((part) => part.trim()).filter((part) => part !== "")) {
    const match = entryPattern.exec(entry);
    const [, group, role, app] = match ?? [];
    if (!group || !role || (role === "admin") !== (app === undefined)) return { error: entry };
    const grant: GroupGrant = role === "admin" ? { admin: true } : { admin: false, role: role as AppRole, app: app ?? "" };
    if (!grant.admin) apps.add(grant.app);
    grants.set(group, [...(grants.get(group) ?? []), grant]);
  }
  return { grants, apps };
}

export function rolesOfGroups(map: RoleMap, groups: readonly string[]): GroupRoles {
  let admin = false;
  const apps = new Map<string, AppRole>();
  for (const group of groups) {
    for (const grant of map.grants.get(group) ?? []) {
      if (grant.admin) admin = true;
      else {
        const held = apps.get(grant.app);
        if (held === undefined || appRoles.indexOf(grant.role) > appRoles.indexOf(held)) apps.set(grant.app, grant.role);
      }
    }
  }
  return { admin, apps };
}
