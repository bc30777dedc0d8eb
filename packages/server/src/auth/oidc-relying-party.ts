import * as oidc from "openid-client";
import { Hop3Error } from "@hop3/contract";
import type { ExternalIdentity } from "./external-identity.ts";
import { readSecretFile } from "./secret-file.ts";

/** The OIDC settings of the server config (docs/server.md). */
export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretFile: string;
  readonly redirectUrl: string;
  readonly scopes: string;
  readonly usernameClaim: string;
  readonly groupsClaim: string;
}

/** A sign-in under way: what the callback must match (state, nonce) and prove (PKCE verifier). */
interface Pending {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly until: number;
}

const pendingMs = 10 * 60_000;
const maxPending = 10_000;

/**
 * Hop3 as an OpenID Connect relying party (ADR 59): the authorization code flow with PKCE,
 * state and nonce, through `openid-client`. Pending sign-ins live in memory for 10 minutes,
 * keyed by a random id the browser holds in a cookie.
 */
export class OidcRelyingParty {
  readonly #settings: OidcSettings;
  readonly #pending = new Map<string, Pending>();
  #config: Promise<oidc.Configuration> | undefined;

  constructor(settings: OidcSettings) {
    this.#settings = settings;
  }

  /** Starts a sign-in: the id the browser keeps, and the provider's URL to send it to. */
  async start(now = Date.now()): Promise<{ id: string; url: URL }> {
    const config = await this.#configuration();
    for (const [id, entry] of this.#pending) if (entry.until <= now) this.#pending.delete(id);
    if (this.#pending.size >= maxPending) throw new Hop3Error("RATE_LIMITED", "Too many single sign-ins are under way.");
    const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), until: now + pendingMs };
    const id = oidc.randomState();
    this.#pending.set(id, pending);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.#settings.redirectUrl,
      scope: this.#settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { id, url };
  }

  /** Ends the sign-in `id` with the provider's answer (the callback's query): who signed in. */
  async finish(id: string, query: string, now = Date.now()): Promise<ExternalIdentity> {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (!pending || pending.until <= now) throw new Hop3Error("SSO_FAILED", "This single sign-on is unknown or took more than 10 minutes.");
    const config = await this.#configuration();
    const callback = new URL(this.#settings.redirectUrl);
    callback.search = query;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error("no ID token");
      // Providers put the groups in the ID token, the userinfo answer, or both.
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      const claims: Record<string, unknown> = { ...userinfo, ...idClaims };
      const name = claims[this.#settings.usernameClaim];
      if (typeof name !== "string" || name === "") throw new Error(`the answer has no ${this.#settings.usernameClaim} claim`);
      const groups = claims[this.#settings.groupsClaim];
      return {
        source: "oidc",
        externalId: `${String(idClaims.iss)} ${idClaims.sub}`,
        name,
        email: typeof claims.email === "string" ? claims.email : null,
        groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === "string") : [],
      };
    } catch (error) {
      throw new Hop3Error("SSO_FAILED", `The single sign-on with ${this.#settings.issuer} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The provider's metadata, read once (and again after a failure). */
  #configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecretFile } = this.#settings;
    const url = new URL(issuer);
    // Plain HTTP only to a provider on this machine (a test, or one behind a local proxy).
    const loopback = url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    this.#config ??= oidc
      .discovery(url, clientId, undefined, oidc.ClientSecretBasic(readSecretFile(clientSecretFile, "OIDC client secret")), loopback ? { execute: [oidc.allowInsecureRequests] } : {})
      .catch((error: unknown) => {
        this.#config = undefined;
        if (error instanceof Hop3Error) throw error;
        throw new Hop3Error("SSO_FAILED", `The OIDC provider ${issuer} cannot be reached or described: ${(error as Error).message}`, { cause: error });
      });
    return this.#config;
  }
}
