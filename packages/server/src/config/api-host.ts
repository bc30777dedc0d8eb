import { Hop3Error, reservedAppNames } from "@hop3/contract";

/** The settings that decide the server's own hostname (ADR 67). */
export interface ApiHostSettings {
  readonly "api-host": string;
  readonly "api-port": number;
  readonly domain: string;
  readonly tls: string;
}

/**
 * The hostname the proxy serves the API and web UI on, or null for none: `api-host`, or
 * `hop3.<domain>` when it is empty and a domain is set. Never over plain HTTP (passwords and
 * tokens would cross the network in clear), and only when the API has a TCP port to proxy to.
 * A `<label>.<domain>` name must be one of the app names Hop3 keeps for itself, so no app can
 * ever be given it as its `<app>.<domain>` name.
 */
export function apiHostOf(settings: ApiHostSettings): string | null {
  const wanted = settings["api-host"];
  if (wanted === "off" || settings.tls === "off" || settings["api-port"] === 0) return null;
  if (wanted === "") return settings.domain === "localhost" ? null : `hop3.${settings.domain}`;
  const host = wanted.replace(/\.$/, "");
  const suffix = `.${settings.domain}`;
  const label = host.endsWith(suffix) ? host.slice(0, -suffix.length) : null;
  if (label !== null && !label.includes(".") && !reservedAppNames.has(label))
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: api-host (HOP3_API_HOST) "${host}" is an <app>.${settings.domain} name, which an app named "${label}" would get.`, {
      hint: `Use one of ${[...reservedAppNames].slice(0, 5).map((name) => `${name}${suffix}`).join(", ")} (names no app can take), or a hostname outside ${settings.domain}.`,
    });
  return host;
}
