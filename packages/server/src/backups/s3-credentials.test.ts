import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RepositoryPassword } from "./repository-password.ts";
import { ResticRepository } from "./restic-repository.ts";
import { explainS3Failure, parseS3Credentials, S3Credentials } from "./s3-credentials.ts";

void test("the credentials file gives restic AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for an s3: location only", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-s3-key-"));
  const file = join(dir, "key");
  writeFileSync(file, "# the vault's key\nAWS_ACCESS_KEY_ID=AKID\n\nAWS_SECRET_ACCESS_KEY = se=cret\n", { mode: 0o600 });
  const credentials = new S3Credentials(file);
  assert.deepEqual(credentials.envFor("s3:https://s3.example.org/vault"), { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "se=cret" });
  assert.deepEqual(credentials.envFor("/srv/backups"), {});
  assert.deepEqual(credentials.envFor("sftp:backup@host:/hop3"), {});
});

void test("a credentials file others may read, one missing or one without both lines is refused, naming the file and the setting", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-s3-key-"));
  const file = join(dir, "key");
  writeFileSync(file, "AWS_ACCESS_KEY_ID=AKID\nAWS_SECRET_ACCESS_KEY=secret\n");
  chmodSync(file, 0o644);
  const credentials = new S3Credentials(file);
  assert.throws(() => credentials.envFor("s3:http://127.0.0.1:9000/vault"), /credentials file .*key \(server setting backup-s3-credentials-file\) is readable by others \(mode 0644\)/);
  assert.throws(() => new S3Credentials(join(dir, "none")).read(), /credentials file .*none \(server setting backup-s3-credentials-file\) could not be read: ENOENT/);
  assert.throws(() => parseS3Credentials("AWS_ACCESS_KEY_ID=AKID\n", "/etc/k"), /\/etc\/k .* has no AWS_SECRET_ACCESS_KEY line/);
});

void test("a key given to a disaster recovery is kept 0600, and the undo puts back what was there", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-s3-key-"));
  const credentials = new S3Credentials(join(dir, "secrets", "key"));
  const undo = credentials.install({ accessKeyId: "AKID", secretAccessKey: "secret" });
  assert.equal(statSync(credentials.file).mode & 0o777, 0o600);
  assert.deepEqual(credentials.read(), { accessKeyId: "AKID", secretAccessKey: "secret" });
  undo();
  assert.equal(credentials.exists(), false);
  writeFileSync(credentials.file, "AWS_ACCESS_KEY_ID=OLD\nAWS_SECRET_ACCESS_KEY=old\n", { mode: 0o600 });
  credentials.install({ accessKeyId: "NEW", secretAccessKey: "new" })();
  assert.equal(readFileSync(credentials.file, "utf8"), "AWS_ACCESS_KEY_ID=OLD\nAWS_SECRET_ACCESS_KEY=old\n");
});

void test("restic's S3 failures say which setting to fix: the endpoint, the key, the bucket", () => {
  const at = "s3:http://127.0.0.1:9000/vault/hop3";
  assert.match(explainS3Failure(at, 'unable to open config file: Stat: Get "http://127.0.0.1:9000/vault/?location=": dial tcp 127.0.0.1:9000: connect: connection refused'), /^the S3 endpoint http:\/\/127\.0\.0\.1:9000 could not be reached \(server setting backup-repository\)/);
  assert.match(explainS3Failure(at, "unable to open config file: Stat: The AWS Access Key Id you provided does not exist in our records."), /refused the key in the credentials file \(server setting backup-s3-credentials-file\)/);
  assert.match(explainS3Failure(at, "unable to open config file: Stat: The request signature we calculated does not match the signature you provided."), /refused the key/);
  assert.match(explainS3Failure(at, "unable to open config file: Stat: The specified bucket does not exist."), /^the bucket "vault" does not exist at http:\/\/127\.0\.0\.1:9000 \(server setting backup-repository\)/);
  assert.equal(explainS3Failure("/srv/backups", "connection refused"), "connection refused", "other repositories keep restic's words");
});

void test("an s3: repository without its credentials file is not created, names the setting, and leaves no password behind", async () => {
  const root = mkdtempSync(join(tmpdir(), "hop3-restic-s3-"));
  const password = new RepositoryPassword(join(root, "secrets", "password"));
  const repository = new ResticRepository({ location: "s3:http://127.0.0.1:1/vault", password, cacheDir: join(root, "cache"), s3: new S3Credentials(join(root, "secrets", "s3")) });
  await assert.rejects(repository.ensure(), /credentials file .*s3 \(server setting backup-s3-credentials-file\) could not be read/);
  assert.equal(password.exists(), false);
});
