import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { RepositoryPassword } from "../backups/repository-password.ts";
import type { ResticSnapshotEntry } from "../backups/restic-repository.ts";
import { adoptedLocation, ServerRestore } from "./server-restore.ts";
import { openDatabase } from "../store/database.ts";
import { UserStore } from "../auth/user-store.ts";

/** A repository that holds one server-level snapshot (with `oldKey`) and two apps' snapshots, or fails to open. */
function fakeRepository(oldKey: Buffer, failure: string | null) {
  let location = "/var/lib/hop3/backups/repository";
  const snapshots: ResticSnapshotEntry[] = [
    { id: "s1", time: "2026-01-01T03:00:00Z", paths: ["/old/backups/staging/shop"], tags: ["app:shop"] },
    { id: "s2", time: "2026-01-01T03:00:01Z", paths: ["/old/backups/staging-server/server"], tags: ["server"] },
    { id: "s3", time: "2026-01-01T03:00:02Z", paths: ["/old/backups/staging/blog"], tags: ["app:blog"] },
  ];
  return {
    get location() {
      return location;
    },
    relocate(to: string) {
      location = to;
    },
    async snapshots() {
      if (failure) throw new Error(failure);
      return snapshots;
    },
    async restore(snapshot: string, target: string) {
      assert.equal(snapshot, "s2", "the server-level snapshot is the one restored");
      const staged = join(target, "old/backups/staging-server/server");
      mkdirSync(staged, { recursive: true });
      writeFileSync(join(staged, "config.key"), oldKey);
      const db = openDatabase(join(staged, "hop3.db"));
      new UserStore(db).add({ name: "alice", admin: false });
      db.close();
    },
  };
}

function setUp(options: { apps?: string[]; failure?: string | null; configured?: string } = {}) {
  const home = mkdtempSync(join(tmpdir(), "hop3-server-restore-"));
  const old = new ConfigCipher(join(home, "old", "config.key"));
  const sealed = old.encrypt("bonjour", "shop\0GREETING");
  const cipher = new ConfigCipher(join(home, "secrets", "config.key"));
  const password = new RepositoryPassword(join(home, "secrets", "backup-repository.password"));
  const repository = fakeRepository(readFileSync(old.keyFiles().current), options.failure ?? null);
  mkdirSync(join(home, "backups"));
  const locationFile = join(home, "backups", "repository-location.json");
  const restore = new ServerRestore({
    existing: async () => ({ apps: options.apps ?? [], addons: [] }),
    password,
    repository,
    configuredLocation: options.configured ?? "",
    locationFile,
    cipher,
    restoreDir: join(home, "backups", "restore"),
    access: { restore: async (lost) => ({ users: lost.users.length, merged: lost.users.map((user) => user.name), grants: 0, sshKeys: 0, tokens: 0, skipped: [] }) },
  });
  return { home, restore, cipher, sealed, password, repository, locationFile };
}

test("a fresh server adopts the repository, its password and the lost server's config key, and lists the apps to bring back", async () => {
  const { restore, cipher, sealed, password, repository, locationFile } = setUp();
  const plan = await restore.plan({ repository: "sftp:backup@storage:/hop3", password: "secret" });
  assert.deepEqual(plan.apps, ["blog", "shop"]);
  assert.deepEqual(plan.server, { snapshot: "s2", time: "2026-01-01T03:00:01.000Z", configKey: true });
  assert.equal(cipher.decrypt(sealed, "shop\0GREETING"), "bonjour");
  assert.equal(password.read(), "secret");
  assert.equal(repository.location, "sftp:backup@storage:/hop3");
  assert.equal(adoptedLocation(locationFile), "sftp:backup@storage:/hop3", "kept for the next starts");
  const again = await restore.plan({ repository: "sftp:backup@storage:/hop3", password: "secret" });
  assert.deepEqual(again.apps, ["blog", "shop"], "a restore begun from the same repository can be run again");
});

test("a repository that cannot be read leaves nothing behind: no password, the previous location", async () => {
  const { restore, password, repository, locationFile } = setUp({ failure: "restic snapshots failed: wrong password or no key found" });
  await assert.rejects(restore.plan({ repository: "/mnt/old", password: "nope" }), (error: Error & { code?: string }) => {
    assert.equal(error.code, "BACKUP_REPOSITORY_UNREADABLE");
    assert.match(error.message, /The repository \/mnt\/old could not be read: .*wrong password/);
    return true;
  });
  assert.equal(password.exists(), false);
  assert.equal(repository.location, "/var/lib/hop3/backups/repository");
  assert.equal(adoptedLocation(locationFile), null);
});

test("a server with apps, a repository of its own or another configured repository is refused", async () => {
  const withApps = setUp({ apps: ["blog"] });
  await assert.rejects(withApps.restore.plan({ repository: "/mnt/old", password: "x" }), /not fresh: it has app "blog"/);
  const configured = setUp({ configured: "/mnt/other" });
  await assert.rejects(configured.restore.plan({ repository: "/mnt/old", password: "x" }), /backup-repository names another repository/);
  const own = setUp();
  own.password.generate();
  await assert.rejects(own.restore.plan({ repository: "/mnt/old", password: "x" }), /has a backup repository of its own/);
  await assert.rejects(setUp().restore.plan({ repository: "relative/path", password: "x" }), /neither an absolute path/);
});

test("the users come back from the database copy of the plan's server-level snapshot, only after a restore adopted the repository; the copy is removed after", async () => {
  const { home, restore } = setUp();
  await assert.rejects(restore.access({ snapshot: "s2" }), (error: Error & { code?: string }) => error.code === "RESTORE_TARGET_NOT_EMPTY" && /not adopted by `hop3-server restore`/.test(error.message));
  await restore.plan({ repository: "sftp:backup@storage:/hop3", password: "secret" });
  await assert.rejects(restore.access({ snapshot: "s1" }), (error: Error & { code?: string }) => error.code === "BACKUP_NOT_FOUND" && /holds no server-level snapshot s1/.test(error.message));
  const access = await restore.access({ snapshot: "s2" });
  assert.deepEqual([access.repository, access.snapshot, access.users, access.merged], ["sftp:backup@storage:/hop3", "s2", 1, ["alice"]]);
  assert.equal(existsSync(join(home, "backups", "restore", "server-access")), false, "the database copy is not left behind");
});
