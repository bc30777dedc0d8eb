import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RepositoryPassword } from "./repository-password.ts";
import { ResticRepository } from "./restic-repository.ts";

/** OpenSSH's SFTP server spoken to over a pipe: restic's SFTP backend without an SSH daemon. */
const sftpServer = "/usr/lib/openssh/sftp-server";

function repositoryIn(root: string, location: string, options: string[] = []): ResticRepository {
  return new ResticRepository({ location, password: new RepositoryPassword(join(root, "secrets", "password")), cacheDir: join(root, "cache"), options });
}

void test("an SFTP repository is created once, backs up, restores and checks through restic's SFTP backend", async () => {
  const root = mkdtempSync(join(tmpdir(), "hop3-restic-sftp-"));
  const repository = repositoryIn(root, `sftp:backups@localhost:${join(root, "remote")}`, [`sftp.command=${sftpServer}`]);
  const password = await repository.ensure();
  assert.ok(password && password.length >= 40);
  assert.equal(await repository.ensure(), null, "made once");
  const staged = join(root, "staging");
  mkdirSync(staged);
  writeFileSync(join(staged, "data.tar"), "some bytes\n");
  const snapshot = await repository.backup(staged, ["app:shop"], new Date(2026, 0, 2, 3, 0), () => undefined);
  assert.ok(snapshot.bytes > 0);
  await repository.restore(snapshot.id, join(root, "back"));
  assert.equal(readFileSync(join(root, "back", staged, "data.tar"), "utf8"), "some bytes\n");
  await repository.check();
});

void test("a repository that cannot be created (its SFTP server unreachable) fails with restic's reason and leaves no password behind", async () => {
  const root = mkdtempSync(join(tmpdir(), "hop3-restic-sftp-"));
  const unreachable = repositoryIn(root, `sftp:backups@localhost:${join(root, "remote")}`, ["sftp.command=/bin/false"]);
  await assert.rejects(unreachable.ensure(), (error: Error) => /Creating the backup repository failed: .+/.test(error.message));
  assert.equal(new RepositoryPassword(join(root, "secrets", "password")).exists(), false, "a repository never made leaves no password behind");
});
