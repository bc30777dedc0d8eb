import { test } from "node:test";
import assert from "node:assert/strict";
import { renderGuardScript } from "./nft-guard-script.ts";

test("app accounts are confined: other apps' ports, the API port and the metadata address are rejected, their own ports open", () => {
  const script = renderGuardScript("hop3g_ab", { appUids: [1002, 1001, 1002], own: [{ uid: 1001, port: 30001 }, { uid: 1001, port: 20001 }], closedPorts: [8000] });
  assert.equal(
    script,
    [
      "table inet hop3g_ab {}",
      "delete table inet hop3g_ab",
      "table inet hop3g_ab {",
      "  set apps { typeof meta skuid; }",
      "  set own { typeof meta skuid . tcp dport; }",
      "  chain input {",
      "    type filter hook input priority 0; policy accept;",
      '    iifname != "lo" tcp dport { 20000-29999, 30000-32767 } ct state new drop',
      "  }",
      "  chain output {",
      "    type filter hook output priority 0; policy accept;",
      "    meta skuid != @apps accept",
      "    ip daddr 169.254.169.254 meta l4proto tcp reject with tcp reset",
      "    ip daddr 169.254.169.254 reject with icmpx admin-prohibited",
      "    ip6 daddr fd00:ec2::254 meta l4proto tcp reject with tcp reset",
      "    ip6 daddr fd00:ec2::254 reject with icmpx admin-prohibited",
      '    oifname "lo" ct state new tcp dport { 20000-29999, 30000-32767 } meta skuid . tcp dport != @own reject with tcp reset',
      '    oifname "lo" ct state new tcp dport { 8000 } reject with tcp reset',
      "  }",
      "}",
      "add element inet hop3g_ab apps { 1001, 1002 }",
      "add element inet hop3g_ab own { 1001 . 20001, 1001 . 30001 }",
      "",
    ].join("\n"),
  );
});

test("without app accounts the table is only removed", () => {
  assert.equal(renderGuardScript("hop3g_ab", { appUids: [], own: [], closedPorts: [8000] }), "table inet hop3g_ab {}\ndelete table inet hop3g_ab\n");
});

test("an app without routed ports and no API port: no empty set element, no API rule", () => {
  const script = renderGuardScript("hop3g_ab", { appUids: [1001], own: [], closedPorts: [] });
  assert.doesNotMatch(script, /add element inet hop3g_ab own/);
  assert.doesNotMatch(script, /\{ 8000 \}/);
  assert.match(script, /add element inet hop3g_ab apps \{ 1001 \}/);
});
