import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { FakeClock } from "../scheduler/fake-clock.ts";
import { keysOfServerSnapshot, ServerStateBackup } from "./server-state-backup.ts";

void test("the server-level snapshot holds the config key, the former keys and a copy of the database; made again after a day, once for backups at the same time", async () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-server-state-"));
  const db = new DatabaseSync(join(home, "hop3.db"));
  db.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('admin')");
  const cipher = new ConfigCipher(join(home, "secrets", "config.key"));
  const lost = new ConfigCipher(join(home, "lost", "config.key"));
  cipher.addFormerKey(readFileSync(lost.keyFiles().current));
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const saved: { tags: readonly string[]; keys: Buffer[]; users: unknown[]; manifest: unknown }[] = [];
  const state = new ServerStateBackup({
    db,
    cipher,
    clock,
    stagingDir: join(home, "backups", "staging-server"),
    repository: {
      location: "/repo",
      async backup(dir, tags) {
        const copy = new DatabaseSync(join(dir, "hop3.db"));
        saved.push({ tags, keys: keysOfServerSnapshot(dir), users: copy.prepare("SELECT name FROM users").all().map((row) => row.name), manifest: JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) });
        copy.close();
        return { id: `s${saved.length}`, bytes: 1, added: 1 };
      },
    },
  });
  await Promise.all([state.ensureRecent(), state.ensureRecent()]);
  await clock.advance(23 * 60 * 60 * 1000);
  await state.ensureRecent();
  assert.equal(saved.length, 1, "two backups at once and a backup later the same day share one snapshot");
  const [first] = saved;
  assert.deepEqual(first?.tags, ["server"]);
  assert.deepEqual(first?.keys, [readFileSync(cipher.keyFiles().current), readFileSync(lost.keyFiles().current)]);
  assert.deepEqual(first?.users, ["admin"]);
  assert.deepEqual(first?.manifest, { format: 1, kind: "server", configKey: cipher.fingerprint() });
  assert.ok(!existsSync(join(home, "backups", "staging-server")), "the staged copy of the keys is removed");
  // A user added since: the next backup holds them, the same day.
  db.exec("INSERT INTO users VALUES ('alice')");
  await state.ensureRecent();
  assert.equal(saved.length, 2, "a change of users makes a new snapshot");
  assert.deepEqual(saved[1]?.users, ["admin", "alice"]);
  await state.ensureRecent();
  assert.equal(saved.length, 2, "unchanged: not again");
  await clock.advance(25 * 60 * 60 * 1000);
  await state.ensureRecent();
  assert.equal(saved.length, 3, "a day later, again");
});
