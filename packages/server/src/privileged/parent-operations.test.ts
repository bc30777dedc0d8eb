import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { StateLayout } from "../config/state-layout.ts";
import { writeAuthorizedKeys } from "./parent-operations.ts";

const asRoot = { skip: process.getuid?.() !== 0 ? "needs root: the parent's directories are root's" : false };

test("authorized_keys is written in root's ssh/.ssh, owned by the SSH account", asRoot, (t) => {
  const home = mkdtempSync(join(tmpdir(), "hop3-parent-ops-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const layout = new StateLayout(home);
  mkdirSync(join(layout.sshDir, ".ssh"), { recursive: true, mode: 0o711 });
  writeAuthorizedKeys(layout, "restrict ssh-ed25519 AAAA hop3-key-1\n", { uid: 65534, gid: 65534 });
  const file = join(layout.sshDir, ".ssh", "authorized_keys");
  assert.equal(readFileSync(file, "utf8"), "restrict ssh-ed25519 AAAA hop3-key-1\n");
  assert.equal(statSync(file).uid, 65534);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test("a daemon that replaced ssh/ with a link to another root directory does not get keys written there", asRoot, (t) => {
  const home = mkdtempSync(join(tmpdir(), "hop3-parent-ops-"));
  const elsewhere = mkdtempSync(join(tmpdir(), "hop3-root-home-"));
  t.after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });
  mkdirSync(join(elsewhere, ".ssh"), { mode: 0o700 });
  const layout = new StateLayout(home);
  symlinkSync(elsewhere, layout.sshDir);
  assert.throws(() => writeAuthorizedKeys(layout, "restrict ssh-ed25519 AAAA hop3-key-1\n", { uid: 65534, gid: 65534 }), /ELOOP|ENOTDIR|not root's/);
  assert.equal(existsSync(join(elsewhere, ".ssh", "authorized_keys")), false, "nothing was written where the link led");
});

test("proc.openFiles counts only processes of app accounts: root's own, and a pid that is not running, give null", asRoot, async () => {
  const { parentOperations } = await import("./parent-operations.ts");
  const home = mkdtempSync(join(tmpdir(), "hop3-parent-ops-"));
  const operations = parentOperations({ config: { home, "ssh-user": "hop3-ssh-test" } as never, layout: new StateLayout(home), daemon: { uid: 65534, gid: 65534 }, privateDir: home });
  const counts = await operations.run({ op: "call", id: 1, name: "proc.openFiles", args: { pids: [process.pid, 1, 4_194_000] } });
  assert.deepEqual(counts, [null, null, null], "root's processes are not app accounts'");
  rmSync(home, { recursive: true, force: true });
});
