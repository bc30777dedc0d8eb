import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "./password-hash.ts";

void test("a password verifies against its scrypt hash, a wrong one does not, and the salt differs each time", async () => {
  const hash = await hashPassword("correct horse battery");
  assert.match(hash, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword("correct horse battery", hash), true);
  assert.equal(await verifyPassword("correct horse batterY", hash), false);
  assert.notEqual(await hashPassword("correct horse battery"), hash);
  assert.equal(await verifyPassword("x", "md5$abc"), false);
});
