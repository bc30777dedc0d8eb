import { Hop3Error, isUserName } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { ExternalIdentity } from "../auth/external-identity.ts";
import { rolesOfGroups, type RoleMap } from "../auth/role-map.ts";
import type { StoredUser, UserStore } from "../auth/user-store.ts";

export interface ExternalUsersDeps {
  readonly users: UserStore;
  readonly findApp: (name: string) => App | null;
  readonly roleMaps: { readonly oidc: RoleMap; readonly ldap: RoleMap };
}

/**
 * Just-in-time users of single sign-on (ADR 59, 60): the first sign-in creates the user, every
 * sign-in sets their email, admin flag and roles on the apps the role map names from their
 * groups. Roles on other apps (granted with `hop3 access:grant`) are left alone.
 */
export class ExternalUsers {
  readonly #deps: ExternalUsersDeps;

  constructor(deps: ExternalUsersDeps) {
    this.#deps = deps;
  }

  provision(identity: ExternalIdentity): StoredUser {
    const { users } = this.#deps;
    let user = users.findExternal(identity.source, identity.externalId);
    if (!user) {
      if (!isUserName(identity.name)) throw new Hop3Error("SSO_FAILED", `The ${identity.source.toUpperCase()} user name ${JSON.stringify(identity.name.slice(0, 64))} is not a valid Hop3 user name.`, { hint: "Hop3 user names are 1-32 lower-case letters, digits, '-' or '_'; pick another claim with oidc-username-claim." });
      // A name already taken (a local user, another provider's) is never taken over.
      if (users.find(identity.name)) throw new Hop3Error("SSO_FAILED", `The user name "${identity.name}" belongs to another Hop3 user than this ${identity.source.toUpperCase()} account.`, { hint: "An admin removes or renames one of them." });
      user = users.addExternal({ name: identity.name, email: identity.email, source: identity.source, externalId: identity.externalId });
    }
    const map = this.#deps.roleMaps[identity.source];
    const roles = rolesOfGroups(map, identity.groups);
    // Never the last admin demoted by a group change: the server would have no admin left.
    const admin = roles.admin || (user.admin && users.admins() === 1);
    users.updateExternal(user.id, identity.email, admin);
    for (const appName of map.apps) {
      const app = this.#deps.findApp(appName);
      if (!app) continue;
      const role = roles.apps.get(appName);
      if (role) users.grant(app.id, user.id, role);
      else users.revoke(app.id, user.id);
    }
    return users.get(user.name);
  }
}
