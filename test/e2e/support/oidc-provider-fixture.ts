import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";
import { freeTestPort } from "./test-ports.ts";

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a loopback port, with its
 * development sign-in pages (any user name signs in) and a `groups` claim per account.
 */
export class OidcProviderFixture {
  readonly issuer: string;
  readonly clientId = "hop3";
  readonly clientSecret = "a-client-secret-for-tests-only-0123456789";
  readonly #port: number;
  #server: Server | undefined;

  private constructor(port: number) {
    this.#port = port;
    this.issuer = `http://127.0.0.1:${port}`;
  }

  /** Reserves the port first: the server under test must know the issuer before it starts. */
  static async reserve(): Promise<OidcProviderFixture> {
    return new OidcProviderFixture(await freeTestPort());
  }

  /** Starts the provider, with Hop3 as its one client, and each account's groups. */
  async start(redirectUri: string, groups: Record<string, string[]>): Promise<void> {
    const provider = new Provider(this.issuer, {
      clients: [{ client_id: this.clientId, client_secret: this.clientSecret, redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" }],
      claims: { openid: ["sub"], profile: ["preferred_username", "email"], groups: ["groups"] },
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: `sub-${id}`, preferred_username: id, email: `${id}@example.org`, groups: groups[id] ?? [] }) }),
      cookies: { keys: ["cookie-signing-key-for-tests-only"] },
      features: { devInteractions: { enabled: true } },
    });
    const server = createServer(provider.callback());
    await new Promise<void>((resolve) => server.listen(this.#port, "127.0.0.1", resolve));
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
