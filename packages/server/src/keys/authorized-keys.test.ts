import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderAuthorizedKeys } from "./authorized-keys.ts";
import { writeFileAtomically } from "./write-file-atomically.ts";

const command = { program: "/opt/hop3/packages/server/bin/hop3-server", home: "/var/lib/hop3" };

test("renders one restricted line per key, forced to run ssh-command with the key's id", () => {
  const text = renderAuthorizedKeys(
    [
      { id: 1, type: "ssh-ed25519", base64: "AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD+Y9rfaIlk03YaHnRCWm" },
      { id: 7, type: "ssh-rsa", base64: "AAAAB3NzaC1yc2E=" },
    ],
    command,
  );
  assert.equal(
    text,
    [
      "# Written by Hop3 (hop3 keys:add / keys:remove); changes made here are overwritten.",
      `restrict,pty,command="'/opt/hop3/packages/server/bin/hop3-server' ssh-command --home '/var/lib/hop3' 1" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD+Y9rfaIlk03YaHnRCWm hop3-key-1`,
      `restrict,pty,command="'/opt/hop3/packages/server/bin/hop3-server' ssh-command --home '/var/lib/hop3' 7" ssh-rsa AAAAB3NzaC1yc2E= hop3-key-7`,
      "",
    ].join("\n"),
  );
  assert.equal(renderAuthorizedKeys([], command).split("\n").filter((line) => line && !line.startsWith("#")).length, 0);
});

test("refuses paths that would need escaping and malformed keys instead of writing a line that means something else", () => {
  const key = { id: 1, type: "ssh-ed25519", base64: "AAAA" };
  for (const home of ["relative/home", "/var/lib/it's", '/var/"lib', "/var/lib\nhop3"]) {
    assert.throws(() => renderAuthorizedKeys([key], { ...command, home }), /cannot appear in authorized_keys/);
  }
  assert.throws(() => renderAuthorizedKeys([{ ...key, base64: 'AAAA" command="sh' }], command), /malformed/);
  assert.throws(() => renderAuthorizedKeys([{ ...key, id: 0 }], command), /Invalid key id/);
});

test("replaces the file whole, with the given mode, leaving no temporary file", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-ak-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "authorized_keys");
  writeFileAtomically(path, "one\n", { mode: 0o600 });
  writeFileAtomically(path, "two\n", { mode: 0o600 });
  assert.equal(readFileSync(path, "utf8"), "two\n");
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ["authorized_keys"]);
});

test("replaces a link planted at the file's name instead of writing through it, with the mode asked even under umask 077", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-ak-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const victim = join(dir, "victim");
  writeFileSync(victim, "untouched\n");
  const keys = join(dir, "keys");
  mkdirSync(keys, { mode: 0o700 });
  symlinkSync(victim, join(keys, "1.token"));
  const umask = process.umask(0o077);
  try {
    writeFileAtomically(join(keys, "1.token"), "secret\n", { mode: 0o644 });
  } finally {
    process.umask(umask);
  }
  assert.equal(readFileSync(victim, "utf8"), "untouched\n");
  assert.equal(readFileSync(join(keys, "1.token"), "utf8"), "secret\n");
  assert.equal(statSync(join(keys, "1.token")).mode & 0o777, 0o644);
});

test("refuses to write in a directory that other accounts can write", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-ak-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o777);
  assert.throws(() => writeFileAtomically(join(dir, "authorized_keys"), "x\n", { mode: 0o600 }), /is not a directory that only the server's user can write/);
  assert.deepEqual(readdirSync(dir), []);
});
