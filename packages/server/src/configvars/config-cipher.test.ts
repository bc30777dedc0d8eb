import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { ConfigCipher } from "./config-cipher.ts";
import { ConfigVarStore } from "./config-var-store.ts";

const awkward = "a b 'c' \"d\" $HOME & * \n end ünï";

test("encrypts and decrypts a value with spaces, quotes, $, &, * and a newline", () => {
  const cipher = new ConfigCipher(join(mkdtempSync(join(tmpdir(), "hop3-key-")), "secrets", "config.key"));
  const stored = cipher.encrypt(awkward, "ctx");
  assert.equal(stored.length, 12 + 16 + Buffer.byteLength(awkward));
  assert.ok(!Buffer.from(stored).includes(Buffer.from("$HOME")));
  assert.equal(cipher.decrypt(stored, "ctx"), awkward);
  assert.notDeepEqual(cipher.encrypt(awkward, "ctx"), stored, "a fresh iv each time");
});

test("refuses a value stored under another context or tampered with", () => {
  const cipher = new ConfigCipher(join(mkdtempSync(join(tmpdir(), "hop3-key-")), "config.key"));
  const stored = Buffer.from(cipher.encrypt("secret", "app\0A"));
  assert.throws(() => cipher.decrypt(stored, "app\0B"));
  stored[stored.length - 1] = (stored[stored.length - 1] ?? 0) ^ 1;
  assert.throws(() => cipher.decrypt(stored, "app\0A"));
});

test("creates the 32-byte key file 0600 in a 0700 directory on first need, and reuses it", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-key-"));
  const file = join(home, "secrets", "config.key");
  const stored = new ConfigCipher(file).encrypt("x", "c");
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(home, "secrets")).mode & 0o777, 0o700);
  assert.equal(readFileSync(file).length, 32);
  assert.equal(new ConfigCipher(file).decrypt(stored, "c"), "x");
});

test("a former server's key, once kept, decrypts what that server sealed; new values are sealed with this server's own key", () => {
  const old = new ConfigCipher(join(mkdtempSync(join(tmpdir(), "hop3-key-")), "secrets", "config.key"));
  const sealed = old.encrypt("bonjour", "shop\0GREETING");
  const fresh = new ConfigCipher(join(mkdtempSync(join(tmpdir(), "hop3-key-")), "secrets", "config.key"));
  assert.throws(() => fresh.decrypt(sealed, "shop\0GREETING"), "another server's value does not open without its key");
  assert.equal(fresh.addFormerKey(readFileSync(old.keyFiles().current)), true);
  assert.equal(fresh.decrypt(sealed, "shop\0GREETING"), "bonjour");
  assert.throws(() => fresh.decrypt(sealed, "shop\0OTHER"), "the context still binds the value");
  assert.throws(() => old.decrypt(fresh.encrypt("new", "c"), "c"), "new values use the new key");
  assert.equal(fresh.addFormerKey(readFileSync(fresh.keyFiles().current)), false, "its own key is not a former one");
  const [former] = fresh.keyFiles().former;
  assert.equal(statSync(former ?? "").mode & 0o777, 0o600);
  assert.equal(new ConfigCipher(fresh.keyFiles().current).decrypt(sealed, "shop\0GREETING"), "bonjour", "kept across restarts");
  assert.notEqual(fresh.fingerprint(), old.fingerprint());
});

test("the store keeps values encrypted in the database file and deletes them with their app", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-vars-"));
  const db = openDatabase(join(home, "hop3.db"));
  db.prepare("INSERT INTO apps (name, unix_user, created_at) VALUES ('web', 'u', 'now')").run();
  const store = new ConfigVarStore(db, new ConfigCipher(join(home, "config.key")));
  store.change("web", { SECRET: "plain-text-marker-42", OTHER: awkward }, []);
  assert.deepEqual(store.varsOf("web"), { OTHER: awkward, SECRET: "plain-text-marker-42" });
  store.change("web", {}, ["OTHER"]);
  assert.deepEqual(store.varsOf("web"), { SECRET: "plain-text-marker-42" });
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  assert.ok(!readFileSync(join(home, "hop3.db")).includes(Buffer.from("plain-text-marker-42")));
  db.prepare("DELETE FROM apps WHERE name = 'web'").run();
  assert.deepEqual(store.varsOf("web"), {});
  db.close();
});
