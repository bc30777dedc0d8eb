import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { readAppFile, readAppText } from "./read-app-file.ts";

let root: string;
let app: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "hop3-read-app-file-"));
  app = join(root, "app");
  await mkdir(join(app, "sub"), { recursive: true });
  await writeFile(join(root, "secret.db"), "SQLite format 3\0 the daemon's secrets");
  await writeFile(join(app, "package.json"), '{"name":"blog"}');
  await writeFile(join(app, "sub", "go.mod"), "module example.org/blog\n");
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

function refusedNaming(name: string, problem: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof Hop3Error, String(error));
    assert.equal(error.code, "APP_CONFIG_INVALID");
    assert.match(error.message, new RegExp(`^${name.replace(".", "\\.")} `));
    assert.match(error.message, problem);
    assert.doesNotMatch(error.message, /SQLite|secrets/);
    return true;
  };
}

test("reads a regular file of the app, and a link that stays inside it", async () => {
  assert.equal(await readAppText(app, "package.json"), '{"name":"blog"}');
  await symlink("sub/go.mod", join(app, "go.mod"));
  assert.equal(await readAppText(app, "go.mod"), "module example.org/blog\n");
});

test("a missing file is undefined, not an error", async () => {
  assert.equal(await readAppFile(app, "yarn.lock"), undefined);
  assert.equal(await readAppFile(app, "package.json/x"), undefined);
});

test("refuses links out of the app, absolute or through a relative chain, without echoing the target", async () => {
  await symlink(join(root, "secret.db"), join(app, "requirements.txt"));
  await assert.rejects(readAppFile(app, "requirements.txt"), refusedNaming("requirements.txt", /outside the app/));
  await symlink("sub/../../secret.db", join(app, "Gemfile.lock"));
  await assert.rejects(readAppFile(app, "Gemfile.lock"), refusedNaming("Gemfile.lock", /outside the app/));
});

test("a FIFO planted as a lockfile is refused at once instead of blocking the daemon", async () => {
  execFileSync("mkfifo", [join(app, "poetry.lock")]);
  await assert.rejects(readAppFile(app, "poetry.lock"), refusedNaming("poetry.lock", /not a regular file/));
});

test("a link to an endless device is refused, never read", async () => {
  await symlink("/dev/zero", join(app, "pom.xml"));
  await assert.rejects(readAppFile(app, "pom.xml"), refusedNaming("pom.xml", /outside the app/));
});

test("a file past the limit is refused naming its size", async () => {
  await writeFile(join(app, "composer.lock"), "x".repeat(2048));
  await assert.rejects(readAppFile(app, "composer.lock", 1024), refusedNaming("composer.lock", /2048 bytes long; Hop3 reads at most 1024/));
  assert.equal((await readAppFile(app, "composer.lock", 4096))?.length, 2048);
});

test("a directory under a file's name is refused", async () => {
  await mkdir(join(app, "Pipfile.lock"));
  await assert.rejects(readAppFile(app, "Pipfile.lock"), refusedNaming("Pipfile.lock", /not a regular file/));
});
