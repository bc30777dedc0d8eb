import { test } from "node:test";
import assert from "node:assert/strict";
import { scramVerifier } from "./scram-verifier.ts";

test("a SCRAM verifier is PostgreSQL's own for the same password and salt", () => {
  // Made by PostgreSQL 15 (`SET password_encryption = 'scram-sha-256'; CREATE ROLE t PASSWORD 'pencil'`), its salt reused.
  const salt = Buffer.from("jCXtYj14MV4piDurB8SOzw==", "base64");
  assert.equal(scramVerifier("pencil", salt), PG_VERIFIER);
});

test("a SCRAM verifier holds no trace of the password, and two are salted apart", () => {
  const one = scramVerifier("s3cret-password");
  assert.ok(!one.includes("s3cret"));
  assert.notEqual(one, scramVerifier("s3cret-password"));
});

const PG_VERIFIER = "SCRAM-SHA-256$4096:jCXtYj14MV4piDurB8SOzw==$MxiKSwvQKSku5KjUNtWOh6mCPcNKqQyeqy0be7x13L8=:tFBO1xVQUTeQwJc1qrgfYQ8nXw2Qj+W5g1WQwBEjqms=";
