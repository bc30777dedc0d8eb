/** Who a single sign-on provider says signed in (OIDC, ADR 59; LDAP, ADR 60). */
export interface ExternalIdentity {
  readonly source: "oidc" | "ldap";
  /** The OIDC issuer's `sub`, or the LDAP entry's DN: what ties a later sign-in to the same user. */
  readonly externalId: string;
  /** The Hop3 user name (the username claim, or the name typed for LDAP). */
  readonly name: string;
  readonly email: string | null;
  readonly groups: readonly string[];
}
