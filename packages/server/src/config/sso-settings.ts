import { Type, type TSchema } from "@sinclair/typebox";
import type { Setting } from "./setting.ts";

function setting<S extends TSchema>(declaration: Setting<S>): Setting<S> {
  return declaration;
}

/** The settings of single sign-on (OpenID Connect, ADR 59; LDAP, ADR 60): part of `serverSettings`. */
export const ssoSettings = {
  "oidc-issuer": setting({
    env: "HOP3_OIDC_ISSUER",
    schema: Type.String({ pattern: "^$|^https?://", maxLength: 1000 }),
    default: "",
    help: "OpenID Connect issuer URL for single sign-on; empty turns OIDC off",
    doc: "OpenID Connect issuer URL (its `/.well-known/openid-configuration` is read); empty turns OIDC off. `https://` unless on loopback ([access](access.md#single-sign-on-with-openid-connect), [ADR 59](adr/0059-openid-connect-sign-in.md)). The client secret is in `<home>/secrets/oidc-client-secret` (0600)",
  }),
  "oidc-client-id": setting({
    env: "HOP3_OIDC_CLIENT_ID",
    schema: Type.String({ maxLength: 1000 }),
    default: "",
    help: "client id Hop3 has at the OIDC provider",
  }),
  "oidc-redirect-url": setting({
    env: "HOP3_OIDC_REDIRECT_URL",
    schema: Type.String({ pattern: "^$|^https?://", maxLength: 1000 }),
    default: "",
    help: "redirect URL registered at the provider: https://HOST/ui/sign-in/oidc/callback",
    doc: "redirect URL registered at the provider: the web UI's address + `/ui/sign-in/oidc/callback`",
  }),
  "oidc-scopes": setting({
    env: "HOP3_OIDC_SCOPES",
    schema: Type.String({ pattern: "^openid( [!-~]+)*$", maxLength: 1000 }),
    default: "openid profile email",
    help: "scopes asked for at sign-in (add the one that releases the groups claim, e.g. groups)",
  }),
  "oidc-username-claim": setting({
    env: "HOP3_OIDC_USERNAME_CLAIM",
    schema: Type.String({ minLength: 1, maxLength: 100 }),
    default: "preferred_username",
    help: "claim whose value becomes the Hop3 user name",
  }),
  "oidc-groups-claim": setting({
    env: "HOP3_OIDC_GROUPS_CLAIM",
    schema: Type.String({ minLength: 1, maxLength: 100 }),
    default: "groups",
    help: "claim listing the user's groups (ID token or userinfo)",
  }),
  "oidc-roles": setting({
    env: "HOP3_OIDC_ROLES",
    schema: Type.String({ maxLength: 10000 }),
    default: "",
    help: "groups mapped to roles: GROUP=admin, GROUP=ROLE@APP, ... (ROLE: viewer, developer, owner)",
    doc: "groups mapped to roles: `GROUP=admin, GROUP=ROLE@APP, ...` with ROLE `viewer`, `developer` or `owner`; a signed-in user's roles on the apps named here follow their groups at each sign-in",
  }),
  "ldap-url": setting({
    env: "HOP3_LDAP_URL",
    schema: Type.String({ pattern: "^$|^ldaps?://", maxLength: 1000 }),
    default: "",
    help: "LDAP server for password sign-in: ldap://HOST[:PORT] or ldaps://HOST[:PORT]; empty turns LDAP off",
    doc: "LDAP server for password sign-in: `ldap://HOST[:PORT]` or `ldaps://HOST[:PORT]`; empty turns LDAP off ([access](access.md#ldap), [ADR 60](adr/0060-ldap-sign-in.md)). The search account's password is in `<home>/secrets/ldap-bind-password` (0600)",
  }),
  "ldap-starttls": setting({
    env: "HOP3_LDAP_STARTTLS",
    schema: Type.Boolean(),
    default: false,
    help: "upgrade an ldap:// connection with StartTLS before binding: true or false",
  }),
  "ldap-bind-dn": setting({
    env: "HOP3_LDAP_BIND_DN",
    schema: Type.String({ maxLength: 1000 }),
    default: "",
    help: "DN Hop3 binds as to search for users and groups; empty for an anonymous search",
  }),
  "ldap-base-dn": setting({
    env: "HOP3_LDAP_BASE_DN",
    schema: Type.String({ maxLength: 1000 }),
    default: "",
    help: "DN under which users and groups are searched",
  }),
  "ldap-user-filter": setting({
    env: "HOP3_LDAP_USER_FILTER",
    schema: Type.String({ pattern: "\\{user\\}", maxLength: 1000 }),
    default: "(&(objectClass=inetOrgPerson)(uid={user}))",
    help: "filter finding a user's entry; {user} is the name typed (escaped)",
  }),
  "ldap-group-filter": setting({
    env: "HOP3_LDAP_GROUP_FILTER",
    schema: Type.String({ maxLength: 1000 }),
    default: "(|(member={dn})(uniqueMember={dn})(memberUid={user}))",
    help: "filter finding the user's groups; {dn} is their entry's DN, {user} their name (escaped)",
  }),
  "ldap-group-attribute": setting({
    env: "HOP3_LDAP_GROUP_ATTRIBUTE",
    schema: Type.String({ minLength: 1, maxLength: 100 }),
    default: "cn",
    help: "attribute of a group entry that names it in ldap-roles",
  }),
  "ldap-roles": setting({
    env: "HOP3_LDAP_ROLES",
    schema: Type.String({ maxLength: 10000 }),
    default: "",
    help: "LDAP groups mapped to roles: GROUP=admin, GROUP=ROLE@APP, ... (as oidc-roles)",
  }),
};
