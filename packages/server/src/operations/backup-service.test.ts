import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { BackupStore } from "../backups/backup-store.ts";
import { RepositoryPassword } from "../backups/repository-password.ts";
import { ResticRepository } from "../backups/restic-repository.ts";
import { nothingToUndo, type BackupPart } from "../backups/backup-part.ts";
import { FakeClock } from "../scheduler/fake-clock.ts";
import { BackupService } from "./backup-service.ts";

/** A part that stages one file, or fails like a dump that exits non-zero. */
function part(name: string, fails = false): BackupPart {
  return {
    name,
    async dump({ dir }) {
      writeFileSync(join(dir, `${name}.dump`), `the ${name} part\n`);
      if (fails) throw new Error(`pg_dump of ${name} exited with code 1: connection refused`);
    },
    restore: async () => nothingToUndo,
  };
}

function setUp(parts: BackupPart[]) {
  const root = mkdtempSync(join(tmpdir(), "hop3-backup-service-"));
  const db = openDatabase(join(root, "hop3.db"));
  const app = new AppStore(db).insert("shop", "h3-shop-000000");
  const store = new BackupStore(db);
  const password = new RepositoryPassword(join(root, "secrets", "backup-repository.password"));
  const repository = new ResticRepository({ location: join(root, "repository"), password, cacheDir: join(root, "cache") });
  const service = new BackupService({ apps: { require: () => app, identityOf: async () => ({ user: "h3-shop-000000", runAs: undefined, buildAs: undefined }) }, store, repository, parts, stagingDir: join(root, "staging"), clock: new FakeClock(Date.UTC(2026, 5, 1)) });
  return { root, db, store, repository, password, service };
}

void test("a backup with a part that fails is `failed` with the part's reason, never `succeeded` with a part missing", async () => {
  const { root, db, service, password } = setUp([part("data"), part("postgres", true), part("config")]);
  const record = await service.run("shop", "manual");
  assert.equal(record.status, "failed");
  assert.match(record.reason ?? "", /pg_dump of postgres exited with code 1: connection refused/);
  assert.equal(record.snapshot, null);
  assert.deepEqual(record.parts.map((held) => held.name), ["data"], "the parts staged before the failure are named");
  assert.ok(password.exists(), "the repository was made");
  assert.deepEqual(readdirSync(join(root, "repository", "snapshots")), [], "no snapshot was stored");
  assert.deepEqual(readdirSync(join(root, "staging")), [], "the staging tree is cleared");
  db.close();
});

void test("a backup stores every part in one snapshot; the first one answers with the new repository's password, once", async () => {
  const { root, db, service, store, repository, password } = setUp([part("data"), part("config")]);
  const first = await service.start("shop");
  assert.equal(first.newRepository?.password, password.read());
  assert.equal(readFileSync(password.file, "utf8").trim().length, 43);
  const ended = async (id: number) => {
    let found = store.find("shop", id);
    for (let i = 0; i < 600 && found?.status === "running"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = store.find("shop", id);
    }
    return found;
  };
  const record = await ended(first.id);
  assert.equal(record?.status, "succeeded", record?.reason ?? "");
  assert.match(record?.snapshot ?? "", /^[0-9a-f]{8,64}$/);
  assert.deepEqual(record?.parts.map((held) => held.name), ["data", "config"]);
  const second = await service.start("shop");
  assert.equal(second.newRepository, undefined, "the password is shown only when the repository is made");
  assert.equal((await ended(second.id))?.status, "succeeded");
  await repository.restore(record?.snapshot ?? "", join(root, "back"));
  assert.equal(readFileSync(join(root, "back", root, "staging", "shop", "config", "config.dump"), "utf8"), "the config part\n");
  db.close();
});

void test("a repository that went missing is an error, not a reason to start an empty one", async () => {
  const { root, db, service, password } = setUp([part("data")]);
  assert.equal((await service.run("shop", "manual")).status, "succeeded");
  const { renameSync } = await import("node:fs");
  renameSync(join(root, "repository"), join(root, "moved"));
  const record = await service.run("shop", "manual");
  assert.equal(record.status, "failed");
  assert.match(record.reason ?? "", /unable to open config file/);
  assert.ok(password.exists());
  assert.deepEqual(readdirSync(root).includes("repository"), false, "no new repository was made in its place");
  db.close();
});
