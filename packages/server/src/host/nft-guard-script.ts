import { frontPortRange, instancePortRange } from "../core/port-ranges.ts";
import { dropTableLines } from "./nft-script.ts";

/** Cloud metadata endpoints (AWS, GCP, Azure, OpenStack... share the IPv4 one; AWS's IPv6 one). */
export const metadataAddresses = { ipv4: "169.254.169.254", ipv6: "fd00:ec2::254" } as const;

/** What the guard table of a state root is made of. */
export interface GuardRules {
  /** The uid of every app account of this state root. */
  readonly appUids: readonly number[];
  /** (uid, port) pairs an app may still connect to on the host: its own front and instance ports. */
  readonly own: readonly { readonly uid: number; readonly port: number }[];
  /** Hop3's own TCP ports on the host that no app may connect to (the API). */
  readonly closedPorts: readonly number[];
}

/**
 * The nft script that rebuilds a state root's guard table whole (`inet`: IPv4 and IPv6).
 * - input: new connections to Hop3's port ranges (front and instance ports) that arrive on
 *   any interface but loopback are dropped, so an instance bound to 0.0.0.0 is still private.
 * - output (priority 0, after the front ports' DNAT at -100, so a connection to a front port
 *   is judged by the instance port it leads to): a socket owned by an app account may not
 *   open a connection to those ranges on the host except to its own ports, nor to Hop3's
 *   API port, nor to the metadata address. They are rejected (TCP reset, ICMP
 *   admin-prohibited) so that the app fails at once instead of waiting for a timeout.
 * Root (the daemon, Caddy) and every other account are not app accounts: untouched.
 */
export function renderGuardScript(table: string, rules: GuardRules): string {
  const lines = dropTableLines("inet", table);
  if (rules.appUids.length === 0) return `${lines.join("\n")}\n`;
  const ranges = `${frontPortRange.first}-${frontPortRange.last}, ${instancePortRange.first}-${instancePortRange.last}`;
  const closed = [...new Set(rules.closedPorts)].sort((a, b) => a - b);
  lines.push(
    `table inet ${table} {`,
    "  set apps { typeof meta skuid; }",
    "  set own { typeof meta skuid . tcp dport; }",
    "  chain input {",
    "    type filter hook input priority 0; policy accept;",
    `    iifname != "lo" tcp dport { ${ranges} } ct state new drop`,
    "  }",
    "  chain output {",
    "    type filter hook output priority 0; policy accept;",
    "    meta skuid != @apps accept",
    `    ip daddr ${metadataAddresses.ipv4} meta l4proto tcp reject with tcp reset`,
    `    ip daddr ${metadataAddresses.ipv4} reject with icmpx admin-prohibited`,
    `    ip6 daddr ${metadataAddresses.ipv6} meta l4proto tcp reject with tcp reset`,
    `    ip6 daddr ${metadataAddresses.ipv6} reject with icmpx admin-prohibited`,
    `    oifname "lo" ct state new tcp dport { ${ranges} } meta skuid . tcp dport != @own reject with tcp reset`,
    ...(closed.length > 0 ? [`    oifname "lo" ct state new tcp dport { ${closed.join(", ")} } reject with tcp reset`] : []),
    "  }",
    "}",
    `add element inet ${table} apps { ${[...new Set(rules.appUids)].sort((a, b) => a - b).join(", ")} }`,
  );
  const own = [...new Set(rules.own.map(({ uid, port }) => `${uid} . ${port}`))].sort();
  if (own.length > 0) lines.push(`add element inet ${table} own { ${own.join(", ")} }`);
  return `${lines.join("\n")}\n`;
}
