import { apiHostOf, type ApiHostSettings } from "../config/api-host.ts";

/** The hostname the server's API is served on, or null with the reason it is not when an app holds it. */
export interface ServerHostname {
  readonly host: string | null;
  readonly problem: string | null;
}

/**
 * `api-host` as served (ADR 67). An app that already has the name keeps it: the API is then not
 * served there, and the start says so naming the app (a refusal to start would take every app
 * down over a name). From then on `domains:add` refuses the name to apps (DomainService).
 */
export function serverHostname(settings: ApiHostSettings, domains: { ownerOf(host: string): string | null }): ServerHostname {
  const host = apiHostOf(settings);
  if (host === null) return { host, problem: null };
  const owner = domains.ownerOf(host);
  if (owner === null) return { host, problem: null };
  return {
    host: null,
    problem: `api-host: "${host}" is a domain of the app "${owner}", so the API is not served on it; remove it from the app (\`hop3 domains:remove ${owner} ${host}\`) and restart the server, or set api-host (HOP3_API_HOST) to another name or "off".`,
  };
}
