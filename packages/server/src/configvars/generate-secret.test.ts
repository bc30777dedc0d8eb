import assert from "node:assert/strict";
import { test } from "node:test";
import { generateSecret } from "./generate-secret.ts";

test("each alphabet gives the length asked for, after the prefix, and a new value each time", () => {
  const forms: readonly (readonly [string, RegExp])[] = [
    ["hex", /^pre_[0-9a-f]{40}$/],
    ["base64", /^pre_[A-Za-z0-9+/=]{40}$/],
    ["base64url", /^pre_[A-Za-z0-9_-]{40}$/],
    ["urlsafe", /^pre_[A-Za-z0-9_-]{40}$/],
    ["alphanumeric", /^pre_[A-Za-z0-9]{40}$/],
    ["password", /^pre_[A-Za-z0-9_.~!*+=-]{40}$/],
    ["uuid", /^pre_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ];
  for (const [generate, form] of forms) {
    const value = generateSecret({ generate, length: 40, prefix: "pre_" });
    assert.match(value, form, generate);
    assert.notEqual(generateSecret({ generate, length: 40, prefix: "pre_" }), value);
  }
});
