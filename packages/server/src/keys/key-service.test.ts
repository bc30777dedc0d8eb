import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { StateLayout } from "../config/state-layout.ts";
import { openDatabase } from "../store/database.ts";
import { TokenStore, type Principal } from "../auth/token-store.ts";
import { UserStore } from "../auth/user-store.ts";
import { KeyStore } from "./key-store.ts";
import { KeyService } from "./key-service.ts";
import { prepareSshState } from "./ssh-state.ts";

const ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD+Y9rfaIlk03YaHnRCWm dev@laptop";

function setup(t: { after(fn: () => void): void }) {
  const home = mkdtempSync(join(tmpdir(), "hop3-keys-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const layout = new StateLayout(home);
  prepareSshState(layout, null, { home, socket: layout.socket, sshUser: "hop3", gitAutoCreate: true, deployLockWait: 600 });
  const db = openDatabase(layout.database);
  t.after(() => db.close());
  const tokens = new TokenStore(db);
  const users = new UserStore(db);
  const alice = users.add({ name: "alice", admin: false });
  const bob = users.add({ name: "bob", admin: false });
  const forcedCommand = { program: "/opt/hop3/bin/hop3-server", home };
  const keys = new KeyService({ keys: new KeyStore(db), tokens, layout, ssh: { user: "hop3", account: () => null, switchesUsers: false, forcedCommand } });
  return { home, layout, tokens, keys, alice: { userId: alice.id, admin: false }, bob: { userId: bob.id, admin: false }, authorizedKeys: () => readFileSync(join(layout.sshDir, ".ssh", "authorized_keys"), "utf8") };
}

const code = (expected: string) => (error: unknown) => error instanceof Hop3Error && error.code === expected;

test("adding a key writes its forced-command line and its own token, which authenticates as the key's user", async (t) => {
  const { layout, tokens, keys, alice, bob, authorizedKeys } = setup(t);
  const key = await keys.add("laptop", ed25519, alice.userId);
  assert.deepEqual({ ...key, createdAt: "" }, { id: 1, name: "laptop", type: "ssh-ed25519", fingerprint: "SHA256:Jr3O2L3LlT5SwhoJngrQnHYqP7hpzTGI3oyTfqCus8I", bits: 256, user: "alice", createdAt: "" });
  assert.match(authorizedKeys(), /^restrict,pty,command="'\/opt\/hop3\/bin\/hop3-server' ssh-command --home '.*' 1" ssh-ed25519 AAAAC3Nz\S+ hop3-key-1$/m);
  const tokenFile = join(layout.sshKeysDir, "1.token");
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
  const principal = tokens.authenticate(readFileSync(tokenFile, "utf8").trim()) as Principal;
  assert.deepEqual([principal.name, principal.user, principal.admin, principal.sshKey], ["ssh-key:laptop", "alice", false, key.fingerprint]);
  assert.deepEqual(keys.list(alice).map((k) => k.name), ["laptop"]);
  assert.deepEqual(keys.list(bob), []);
  assert.deepEqual(keys.list({ userId: 0, admin: true }).map((k) => k.name), ["laptop"]);
});

test("refuses a duplicate key, a duplicate name and a bad name, leaving no token behind", async (t) => {
  const { tokens, keys, alice } = setup(t);
  await keys.add("laptop", ed25519, alice.userId);
  const before = tokens.count();
  await assert.rejects(() => keys.add("desktop", ed25519, alice.userId), code("SSH_KEY_EXISTS"));
  await assert.rejects(() => keys.add("laptop", ed25519.replace("laptop", "x"), alice.userId), code("SSH_KEY_EXISTS"));
  await assert.rejects(() => keys.add("../etc", ed25519, alice.userId), code("SSH_KEY_NAME_INVALID"));
  await assert.rejects(() => keys.add("desktop", "ssh-ed25519 AAAA", alice.userId), code("SSH_KEY_INVALID"));
  assert.equal(tokens.count(), before);
});

test("removing a key (by name or id; another user's is not found) drops its line, revokes its token and deletes the token's file", async (t) => {
  const { layout, tokens, keys, alice, bob, authorizedKeys } = setup(t);
  await keys.add("laptop", ed25519, alice.userId);
  const token = readFileSync(join(layout.sshKeysDir, "1.token"), "utf8").trim();
  await assert.rejects(() => keys.remove("laptop", bob), code("SSH_KEY_NOT_FOUND"));
  assert.equal((await keys.remove("laptop", alice)).id, 1);
  assert.doesNotMatch(authorizedKeys(), /hop3-key-1/);
  assert.equal(tokens.authenticate(token), null);
  assert.equal(existsSync(join(layout.sshKeysDir, "1.token")), false);
  await assert.rejects(() => keys.remove("1", alice), code("SSH_KEY_NOT_FOUND"));
});
