import type { FirewallRules, OpenPort } from "../core/host-firewall.ts";
import { dropTableLines } from "./nft-script.ts";

/**
 * The nft script that rebuilds the host firewall table whole (`inet`: IPv4 and IPv6), or only
 * removes it (`null`). Inbound: loopback, replies to the host's own connections (established,
 * related: the SSH session in use is one), ICMP (IPv6 neighbour discovery needs it), DHCP
 * replies and the open ports pass; the rest is dropped. Outbound and forwarded traffic is
 * left alone.
 */
export function renderFirewallScript(table: string, rules: FirewallRules): string {
  const lines = dropTableLines("inet", table);
  if (rules === null) return `${lines.join("\n")}\n`;
  const ports = (protocol: OpenPort["protocol"]) => [...new Set(rules.filter((rule) => rule.protocol === protocol).map((rule) => rule.port))].sort((a, b) => a - b);
  const [tcp, udp] = [ports("tcp"), ports("udp")];
  lines.push(
    `table inet ${table} {`,
    "  chain input {",
    "    type filter hook input priority 0; policy drop;",
    '    iifname "lo" accept',
    "    ct state established,related accept",
    "    ct state invalid drop",
    "    meta l4proto { icmp, ipv6-icmp } accept",
    "    udp sport 67 udp dport 68 accept",
    "    udp sport 547 udp dport 546 accept",
    ...(tcp.length > 0 ? [`    tcp dport { ${tcp.join(", ")} } accept`] : []),
    ...(udp.length > 0 ? [`    udp dport { ${udp.join(", ")} } accept`] : []),
    "  }",
    "}",
  );
  return `${lines.join("\n")}\n`;
}
