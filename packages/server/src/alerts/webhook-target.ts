import { BlockList, isIP } from "node:net";
import type { LookupFunction } from "node:net";

// Not an ES import (docs/adr/0030-daemon-footprint.md).
const dns = process.getBuiltinModule("node:dns");

/**
 * Addresses a webhook may never reach (ADR 62): link-local, where clouds serve instance metadata
 * and credentials (169.254.169.254, fd00:ec2::254), "this network", multicast and broadcast.
 * Loopback and private ranges stay allowed: an admin may run the receiver on the server or the LAN.
 */
const refused = new BlockList();
refused.addSubnet("169.254.0.0", 16, "ipv4");
refused.addSubnet("0.0.0.0", 8, "ipv4");
refused.addSubnet("224.0.0.0", 4, "ipv4");
refused.addAddress("255.255.255.255", "ipv4");
refused.addSubnet("fe80::", 10, "ipv6");
refused.addAddress("fd00:ec2::254", "ipv6");
refused.addSubnet("ff00::", 8, "ipv6");
refused.addAddress("::", "ipv6");

/** Why `address` (an IP) may not receive notices, or null. IPv4-mapped IPv6 is judged as IPv4. */
export function refusedAddress(address: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return null;
  return refused.check(ip, family === 4 ? "ipv4" : "ipv6") ? `${address} is a link-local, metadata or broadcast address` : null;
}

/** Why `target` is not a webhook URL Hop3 posts to, or null: http(s) only, no refused address. */
export function webhookUrlProblem(target: string): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "it is not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.protocol} is not http: or https:`;
  return refusedAddress(url.hostname.replace(/^\[|\]$/g, ""));
}

/**
 * A DNS lookup for the webhook's request that refuses a name resolving to a refused address,
 * so a name the admin gave cannot later be pointed at the metadata service.
 */
export const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as unknown as readonly { address: string; family: number }[];
    const bad = list.map((entry) => refusedAddress(entry.address)).find((why) => why !== null);
    if (bad !== undefined || list.length === 0) return callback(Object.assign(new Error(`the webhook's host ${hostname} resolves to a refused address: ${bad ?? "none"}`), { code: "EHOP3REFUSED" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    const first = list[0] as { address: string; family: number };
    callback(null, first.address, first.family);
  });
};
