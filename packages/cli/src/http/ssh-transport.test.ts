import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli } from "../run-cli.ts";
import { captureIo } from "../test-support/capture-io.ts";
import { quoteWord, sshArgv } from "./ssh-transport.ts";

const target = { kind: "ssh", user: "hop3", host: "myserver", port: 2222, display: "ssh://hop3@myserver:2222" } as const;

test("builds the ssh command line: HOP3_SSH_COMMAND's options, no pty, the port, and one quoted remote command", () => {
  assert.deepEqual(sshArgv(target, {}, ["apps"]), ["ssh", "-T", "-p", "2222", "hop3@myserver", "--", "apps"]);
  assert.deepEqual(sshArgv({ ...target, port: undefined }, { HOP3_SSH_COMMAND: "ssh  -i /k/id -o BatchMode=yes" }, ["keys:add", "my laptop", "-"]), [
    "ssh",
    "-i",
    "/k/id",
    "-o",
    "BatchMode=yes",
    "-T",
    "hop3@myserver",
    "--",
    "keys:add 'my laptop' -",
  ]);
  assert.equal(quoteWord("it's; rm -rf /"), `'it'\\''s; rm -rf /'`);
  assert.equal(quoteWord("--json"), "--json");
});

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

test("with HOP3_URL=ssh://, runs the command on the server as typed and relays its output and exit status", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hop3-fake-ssh-"));
  dirs.push(dir);
  const fake = join(dir, "fake-ssh");
  // Prints the arguments it got, and exits like the remote command would.
  await writeFile(fake, '#!/bin/sh\nprintf "%s\\n" "$@"\necho "remote says hi" >&2\nexit 3\n');
  await chmod(fake, 0o755);
  const capture = captureIo({ env: { HOP3_URL: "ssh://hop3@myserver", HOP3_SSH_COMMAND: `${fake} -q`, XDG_CONFIG_HOME: dir } });
  const code = await runCli(["ps", "blog", "--json"], capture.io);
  assert.equal(code, 3);
  assert.equal(capture.stdout(), ["-q", "-T", "hop3@myserver", "--", "ps blog --json", ""].join("\n"));
  assert.equal(capture.stderr(), "remote says hi\n");
});

test("with HOP3_URL=ssh://, a command's --help and usage errors stay local", async () => {
  const capture = captureIo({ env: { HOP3_URL: "ssh://hop3@myserver", HOP3_SSH_COMMAND: "/nonexistent/ssh" } });
  assert.equal(await runCli(["keys:add", "--help"], capture.io), 0);
  assert.match(capture.stdout(), /^Usage: hop3 keys:add \[--user USER\] \[--json\] NAME FILE$/m);
  assert.equal(await runCli(["keys:remove"], capture.io), 2);
});

test("hop3 run over SSH asks for a terminal (-tt) when it wants one, and quotes the command's words for the server", () => {
  const remote = ["run", "web", "--", "sh", "-c", "echo 'a b' | wc -c; exit 3"];
  assert.deepEqual(sshArgv(target, {}, remote, true), ["ssh", "-tt", "-p", "2222", "hop3@myserver", "--", "run web -- sh -c 'echo '\\''a b'\\'' | wc -c; exit 3'"]);
  assert.equal(sshArgv(target, {}, remote, false)[1], "-T");
});

test("over SSH, keys:add reads FILE here and sends it on stdin, and config:set sends its values on stdin, never in ssh's arguments", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hop3-fake-ssh-"));
  dirs.push(dir);
  const fake = join(dir, "fake-ssh");
  // Prints the arguments it got, then what it read on stdin.
  await writeFile(fake, '#!/bin/sh\nprintf "%s\\n" "$@"\necho "stdin:"\ncat\n');
  await chmod(fake, 0o755);
  await writeFile(join(dir, "id.pub"), "ssh-ed25519 AAAA laptop\n");
  const env = { HOP3_URL: "ssh://hop3@myserver", HOP3_SSH_COMMAND: fake, XDG_CONFIG_HOME: dir };
  let capture = captureIo({ env, cwd: dir });
  assert.equal(await runCli(["keys:add", "laptop", "id.pub"], capture.io), 0);
  assert.equal(capture.stdout(), ["-T", "hop3@myserver", "--", "keys:add -- laptop -", "stdin:", "ssh-ed25519 AAAA laptop", ""].join("\n"));

  capture = captureIo({ env });
  assert.equal(await runCli(["config:set", "blog", "--no-restart", "TOKEN=s3cret value", "B=2"], capture.io), 0);
  assert.equal(capture.stdout(), ["-T", "hop3@myserver", "--", "config:set --no-restart --stdin -- blog", "stdin:", "TOKEN=s3cret value", "B=2", ""].join("\n"));
});
