import { test } from "node:test";
import assert from "node:assert/strict";
import { renderFirewallScript } from "./nft-firewall-script.ts";
import { listeningSshPorts } from "./ssh-ports.ts";

test("the firewall drops inbound traffic except loopback, replies, ICMP, DHCP replies and the open ports", () => {
  const script = renderFirewallScript("hop3fw_ab", [
    { port: 443, protocol: "tcp" },
    { port: 22, protocol: "tcp" },
    { port: 51820, protocol: "udp" },
    { port: 22, protocol: "tcp" },
  ]);
  assert.equal(
    script,
    [
      "table inet hop3fw_ab {}",
      "delete table inet hop3fw_ab",
      "table inet hop3fw_ab {",
      "  chain input {",
      "    type filter hook input priority 0; policy drop;",
      '    iifname "lo" accept',
      "    ct state established,related accept",
      "    ct state invalid drop",
      "    meta l4proto { icmp, ipv6-icmp } accept",
      "    udp sport 67 udp dport 68 accept",
      "    udp sport 547 udp dport 546 accept",
      "    tcp dport { 22, 443 } accept",
      "    udp dport { 51820 } accept",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
});

test("off: the script only removes the table", () => {
  assert.equal(renderFirewallScript("hop3fw_ab", null), "table inet hop3fw_ab {}\ndelete table inet hop3fw_ab\n");
});

test("SSH ports are those sshd listens on beyond loopback", () => {
  const ss = [
    'LISTEN 0      128          0.0.0.0:22      0.0.0.0:* users:(("sshd",pid=700,fd=3))',
    'LISTEN 0      128             [::]:2222       [::]:* users:(("sshd",pid=700,fd=4))',
    'LISTEN 0      128        127.0.0.1:39563   0.0.0.0:* users:(("sshd",pid=10896,fd=3))',
    'LISTEN 0      4096               *:80            *:* users:(("caddy",pid=10886,fd=10))',
  ].join("\n");
  assert.deepEqual(listeningSshPorts(ss), [22, 2222]);
});
