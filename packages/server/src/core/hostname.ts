import { domainToASCII } from "node:url";
import { Hop3Error } from "@hop3/contract";

const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A hostname as users type it (any case, IDN allowed, one trailing dot tolerated) in the form
 * Hop3 stores and Caddy matches: lower-case ASCII, IDN labels in punycode (`xn--`).
 * Refuses anything else with DOMAIN_INVALID naming the value: schemes, ports, paths, wildcards
 * (they need DNS challenges, not available here), single labels and over-long names.
 */
export function normalizeHostname(input: string): string {
  const shown = JSON.stringify(input.slice(0, 80));
  const refuse = (why: string): never => {
    throw new Hop3Error("DOMAIN_INVALID", `${shown} is not a hostname Hop3 can serve: ${why}.`);
  };
  const trimmed = input.trim().replace(/\.$/, "");
  if (trimmed === "") refuse("it is empty");
  if (/[/:@?#\s]/.test(trimmed)) refuse("give the bare hostname, without scheme, port, path or spaces");
  if (trimmed.includes("*")) refuse("a wildcard needs a DNS-01 challenge, which this server is not set up for");
  // domainToASCII lower-cases, maps IDN to punycode and returns "" for what is no domain at all.
  const ascii = domainToASCII(trimmed);
  if (ascii === "") refuse("it is not a valid domain name");
  if (ascii.length > 253) refuse(`it is ${ascii.length} characters long in ASCII, the limit is 253`);
  const labels = ascii.split(".");
  if (labels.length < 2) refuse("a public hostname has at least two labels, like example.org");
  for (const part of labels) {
    if (part.length > 63) refuse(`the label "${part.slice(0, 20)}…" is over 63 characters`);
    if (!label.test(part)) refuse(`the label "${part}" may hold only letters, digits and inner hyphens`);
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? "")) refuse("IP addresses are not hostnames");
  return ascii;
}

/**
 * A wildcard name (`*.example.org`, one level, as certificates and Caddy's host matcher
 * understand it) normalized like a hostname; anything else with `*` is refused.
 */
export function normalizeWildcardHostname(input: string): string {
  const trimmed = input.trim();
  if (!trimmed.startsWith("*.") || trimmed.slice(2).includes("*"))
    throw new Hop3Error("DOMAIN_INVALID", `${JSON.stringify(input.slice(0, 80))} is not a hostname Hop3 can serve: a wildcard is written *.example.org, one level, the star alone in the first label.`);
  return `*.${normalizeHostname(trimmed.slice(2))}`;
}

/** A hostname or a wildcard name, normalized (for naming ones already added: removing, listing). */
export function normalizeDomainName(input: string): string {
  return input.includes("*") ? normalizeWildcardHostname(input) : normalizeHostname(input);
}
