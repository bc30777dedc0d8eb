import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeHostname } from "./hostname.ts";

test("a hostname is stored lower-case, without its trailing dot, IDN in punycode", () => {
  assert.equal(normalizeHostname("WWW.Example.ORG."), "www.example.org");
  assert.equal(normalizeHostname("bücher.example"), "xn--bcher-kva.example");
  assert.equal(normalizeHostname("a-b.c1.example"), "a-b.c1.example");
});

test("what is not a hostname is refused with DOMAIN_INVALID naming the value and why", () => {
  const cases: Record<string, RegExp> = {
    "https://example.org": /without scheme/,
    "example.org:8080": /without scheme, port/,
    "example.org/path": /path/,
    "*.example.org": /wildcard/,
    localhost: /two labels/,
    "-bad.example.org": /inner hyphens/,
    "bad_.example.org": /not a valid domain|inner hyphens/,
    [`${"a".repeat(64)}.example.org`]: /63 characters/,
    [`${"abcdefghi.".repeat(26)}org`]: /limit is 253/,
    "10.0.0.1": /IP addresses/,
    "": /empty/,
  };
  for (const [input, why] of Object.entries(cases)) {
    assert.throws(
      () => normalizeHostname(input),
      (error: Error & { code?: string }) => error.code === "DOMAIN_INVALID" && error.message.includes(JSON.stringify(input.slice(0, 80))) && why.test(error.message),
      input,
    );
  }
});
