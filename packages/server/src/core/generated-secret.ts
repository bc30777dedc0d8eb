/** A secret `[env] NAME = { generate = … }` asks Hop3 to make once and keep (ADR 38). */
export interface GeneratedSecretSpec {
  readonly name: string;
  /** hex, base64, base64url/urlsafe, alphanumeric, password, uuid. */
  readonly generate: string;
  /** Characters of the random part (a uuid has its own length). */
  readonly length: number;
  readonly prefix: string;
  /** The value is printed in the deploy output when it is made (an initial admin password). */
  readonly display: boolean;
}

/** What `[env] NAME = { key = "…" }` refers to of the app itself, resolved at build time. */
export type AppReference = "domain" | "hostname" | "name";
