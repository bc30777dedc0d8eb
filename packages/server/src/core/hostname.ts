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
  if (trimmed.includes("*")) refuse("wildcard domains are not supported (they need a DNS challenge)");
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
