import type { HostCheck } from "./domains.ts";

/** Whether a check found a problem the CA would trip on. */
export function hostCheckFailed(check: HostCheck): boolean {
  return check.outcome !== "ok";
}

/**
 * The one place a hostname check becomes English: `hop3 certs`, `hop3 domains:add` and the
 * deploy output all render through it. Each failure says what to change.
 */
export function renderHostCheck(check: HostCheck): string {
  const addresses = check.addresses.join(", ");
  const resolver = check.resolver === "system" ? "the system's resolver" : `the DNS server ${check.resolver}`;
  const path = `http://${check.host}/.well-known/acme-challenge/`;
  switch (check.outcome) {
    case "ok":
      return `${check.host} resolves to ${addresses} and reaches this server's challenge path`;
    case "unresolved":
      return `${check.host} does not resolve (${check.error ?? "no A/AAAA record"} from ${resolver}): point its A/AAAA records at this server; the CA cannot validate it until then`;
    case "unreachable":
      return `${check.host} resolves to ${addresses}, but ${path} did not answer at ${check.address ?? addresses} (${check.error ?? "no answer"}): open port 80 (server setting http-port) to this server`;
    case "elsewhere":
      return `${check.host} resolves to ${addresses}, which answers ${path} but is not this server (${check.error ?? "another answer"}): point its A/AAAA records at this server`;
  }
}
