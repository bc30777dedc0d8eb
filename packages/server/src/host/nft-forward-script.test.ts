import { test } from "node:test";
import assert from "node:assert/strict";
import { renderForwardScript } from "./nft-forward-script.ts";

test("one instance per front port goes in the map; several get a round-robin rule of their own", () => {
  const script = renderForwardScript("hop3_ab", new Map([[20_002, [41_001, 41_002, 41_003]], [20_001, [40_000]], [20_003, [40_500]]]));
  assert.equal(
    script,
    [
      "table ip hop3_ab {}",
      "delete table ip hop3_ab",
      "table ip hop3_ab {",
      "  map fronts { type inet_service : inet_service; }",
      "  chain output {",
      "    type nat hook output priority -100; policy accept;",
      "    ip daddr 127.0.0.1 tcp dport @fronts dnat to 127.0.0.1 : tcp dport map @fronts",
      "    ip daddr 127.0.0.1 tcp dport 20002 dnat to 127.0.0.1 : numgen inc mod 3 map { 0 : 41001, 1 : 41002, 2 : 41003 }",
      "  }",
      "}",
      "add element ip hop3_ab fronts { 20001 : 40000, 20003 : 40500 }",
      "",
    ].join("\n"),
  );
});

test("an empty table (or front ports without instances) only removes the table", () => {
  const removal = "table ip hop3_ab {}\ndelete table ip hop3_ab\n";
  assert.equal(renderForwardScript("hop3_ab", new Map()), removal);
  assert.equal(renderForwardScript("hop3_ab", new Map([[20_001, []]])), removal);
});

test("only balanced front ports: no empty map element is added", () => {
  const script = renderForwardScript("hop3_ab", new Map([[20_001, [1, 2]]]));
  assert.doesNotMatch(script, /add element/);
  assert.match(script, /tcp dport 20001 dnat to 127\.0\.0\.1 : numgen inc mod 2 map \{ 0 : 1, 1 : 2 \}/);
});
