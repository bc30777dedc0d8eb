import { Hop3Error } from "@hop3/contract";
import { withoutPassword } from "../../config/addon-server-settings.ts";

/** An external server's admin access, parsed from its setting (ADR 69). */
export interface ExternalServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Given to clients in their environment only, never in argv or messages. */
  readonly password: string;
  /** The database the admin connects to (the URL's path), if any. */
  readonly database: string;
  /** The URL's query (`sslmode=require`, `ssl=true`): passed on to the apps' URLs. */
  readonly query: URLSearchParams;
  /** `host:port`: recorded with each addon, which stays on the server it was made on. */
  readonly id: string;
  /** The URL's scheme without its colon (`rediss`: TLS). */
  readonly scheme: string;
  /** The URL without its password, for messages. */
  readonly shown: string;
}

export function parseExternalServer(setting: string, url: string, defaultPort: number): ExternalServer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${setting} is not a URL (${withoutPassword(url)}).`);
  }
  if (parsed.hostname === "" || parsed.username === "")
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${setting} must name the admin and the host: SCHEME://ADMIN:PASSWORD@HOST:PORT/ (got ${withoutPassword(url)}).`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = parsed.port === "" ? defaultPort : Number(parsed.port);
  return {
    host,
    port,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
    query: parsed.searchParams,
    id: `${host}:${port}`,
    scheme: parsed.protocol.replace(/:$/, ""),
    shown: withoutPassword(url),
  };
}

/**
 * Refuses addons made on another server than the one that serves their type now: `serverId`
 * is the external server's `host:port`, or undefined for Hop3's own engine (ADR 69).
 */
export function checkAddonsOn(serverId: string | undefined, type: string, addons: readonly { name: string; secret: Readonly<Record<string, string>> }[]): void {
  const elsewhere = addons.find((addon) => addon.secret.server !== serverId);
  if (elsewhere !== undefined)
    throw new Hop3Error("ADDON_ENGINE_FAILED", `The ${type} addon "${elsewhere.name}" was made on ${elsewhere.secret.server ?? "Hop3's own server"}, but ${type} addons are now served by ${serverId ?? "Hop3's own server"}.`, {
      hint: `Addons stay on the server they were made on: set addons-${type}-url back, or export the addon, destroy it and import it into a new one (docs/addons.md#external-servers).`,
    });
}
