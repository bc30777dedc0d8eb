import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { settingName, type ServerConfig } from "../config/server-config.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { SettingKey } from "../config/server-settings.ts";
import { LdapDirectory } from "../auth/ldap-directory.ts";
import { OidcRelyingParty } from "../auth/oidc-relying-party.ts";
import { parseRoleMap, type RoleMap } from "../auth/role-map.ts";
import type { SessionStore } from "../auth/session-store.ts";
import { SignInGuard } from "../auth/sign-in-guard.ts";
import type { UserStore } from "../auth/user-store.ts";
import { ExternalUsers } from "./external-users.ts";
import { SignIn } from "./sign-in.ts";

/** Sign-in of people as the server config sets it up: limits, LDAP and OIDC when configured. */
export function signInOf(deps: { config: ServerConfig; layout: StateLayout; users: UserStore; sessions: SessionStore; findApp: (name: string) => App | null }): { signIn: SignIn; oidc: OidcRelyingParty | null } {
  const { config, layout } = deps;
  const guard = new SignInGuard({
    failuresBeforeLock: config["sign-in-failures"],
    lockMs: config["sign-in-lock-minutes"] * 60_000,
    attemptsPerWindow: config["sign-in-attempts-per-minute"],
    windowMs: 60_000,
  });
  const external = new ExternalUsers({ users: deps.users, findApp: deps.findApp, roleMaps: { oidc: roleMapOf(config, "oidc-roles"), ldap: roleMapOf(config, "ldap-roles") } });
  const ldap =
    config["ldap-url"] === ""
      ? undefined
      : new LdapDirectory({
          url: config["ldap-url"],
          startTls: config["ldap-starttls"],
          bindDn: config["ldap-bind-dn"],
          bindPasswordFile: layout.ldapBindPasswordFile,
          baseDn: config["ldap-base-dn"],
          userFilter: config["ldap-user-filter"],
          groupFilter: config["ldap-group-filter"],
          groupAttribute: config["ldap-group-attribute"],
        });
  // A working day: people sign in again each morning.
  const signIn = new SignIn({ users: deps.users, sessions: deps.sessions, guard, lifetimeMs: 12 * 3600_000, external, ldap });
  return { signIn, oidc: oidcOf(config, layout) };
}

function oidcOf(config: ServerConfig, layout: StateLayout): OidcRelyingParty | null {
  if (config["oidc-issuer"] === "") return null;
  for (const key of ["oidc-client-id", "oidc-redirect-url"] as const) {
    if (config[key] === "") throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${settingName(key)} must be set when oidc-issuer is.`);
  }
  const issuer = new URL(config["oidc-issuer"]);
  if (issuer.protocol !== "https:" && !["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname)) {
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${settingName("oidc-issuer")} must be an https:// URL (got ${JSON.stringify(config["oidc-issuer"])}).`, { hint: "Plain http:// is accepted only for a provider on this machine (127.0.0.1, localhost)." });
  }
  return new OidcRelyingParty({
    issuer: config["oidc-issuer"],
    clientId: config["oidc-client-id"],
    clientSecretFile: layout.oidcClientSecretFile,
    redirectUrl: config["oidc-redirect-url"],
    scopes: config["oidc-scopes"],
    usernameClaim: config["oidc-username-claim"],
    groupsClaim: config["oidc-groups-claim"],
  });
}

function roleMapOf(config: ServerConfig, key: SettingKey & ("oidc-roles" | "ldap-roles")): RoleMap {
  const parsed = parseRoleMap(config[key]);
  if ("error" in parsed) throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${settingName(key)}: ${JSON.stringify(parsed.error)} is not GROUP=admin or GROUP=ROLE@APP (ROLE: viewer, developer, owner).`);
  return parsed;
}
