import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSecretFile } from "./secret-file.ts";

void test("a secret file is read without its newline, and refused when missing or readable by others", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-secret-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "oidc-client-secret");
  assert.throws(() => readSecretFile(file, "OIDC client secret"), /The OIDC client secret file .* is missing/);
  writeFileSync(file, "s3cret\n", { mode: 0o600 });
  assert.equal(readSecretFile(file, "OIDC client secret"), "s3cret");
  chmodSync(file, 0o644);
  assert.throws(() => readSecretFile(file, "OIDC client secret"), /may be read by others \(mode 644\)/);
});
