import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { parseSshCommand } from "./ssh-command-line.ts";

const refused = (pattern: RegExp) => (error: unknown) => error instanceof Hop3Error && error.code === "SSH_COMMAND_REFUSED" && pattern.test(error.message);

test("reads git's receive-pack and upload-pack requests in the forms git sends", () => {
  for (const command of ["git-receive-pack 'myapp'", "git-receive-pack '/myapp'", "git-receive-pack 'myapp.git'", "git-receive-pack '/myapp.git'", "git-receive-pack myapp.git"]) {
    assert.deepEqual(parseSshCommand(command), { kind: "git", verb: "git-receive-pack", app: "myapp" }, command);
  }
  assert.deepEqual(parseSshCommand("git-upload-pack 'shop-2'"), { kind: "git", verb: "git-upload-pack", app: "shop-2" });
});

test("reads Hop3 commands with their arguments, and the CLI's deploy upload", () => {
  assert.deepEqual(parseSshCommand("apps"), { kind: "cli", command: "apps", args: [] });
  assert.deepEqual(parseSshCommand("ps  myapp --json"), { kind: "cli", command: "ps", args: ["myapp", "--json"] });
  assert.deepEqual(parseSshCommand("keys:add 'my laptop' -"), { kind: "cli", command: "keys:add", args: ["my laptop", "-"] });
  assert.deepEqual(parseSshCommand("apps:create 'it'\\''s'"), { kind: "cli", command: "apps:create", args: ["it's"] });
  assert.deepEqual(parseSshCommand("deploy-upload --app 'blog'"), { kind: "deploy-upload", app: "blog" });
  assert.deepEqual(parseSshCommand(undefined), { kind: "help" });
  assert.deepEqual(parseSshCommand("help"), { kind: "help" });
});

test("refuses shell syntax, path tricks, unknown verbs, control characters and overlong input", () => {
  const cases: [string, RegExp][] = [
    ["'; rm -rf /'", /unterminated quote|Unknown command/],
    ["git-receive-pack '; rm -rf /'", /is not an app name/],
    ["apps; rm -rf /", /";" outside quotes/],
    ["apps && id", /"&" outside quotes/],
    ["apps $(id)", /"\$" outside quotes/],
    ["apps `id`", /"`" outside quotes/],
    ["git-receive-pack '../../etc/passwd'", /is not an app name/],
    ["git-upload-pack '/var/lib/hop3/git/x.git'", /is not an app name/],
    ["git-receive-pack '~/myapp'", /is not an app name/],
    ["git-receive-pack 'myapp' 'other'", /takes one repository/],
    ["git-receive-pack 'api'", /is reserved/],
    [`git-receive-pack '${"a".repeat(300)}'`, /300 characters long; the limit is 255/],
    [`apps ${"x ".repeat(3000)}`, /the limit is 4096/],
    ["git-upload-archive 'myapp'", /Unknown command "git-upload-archive"/],
    ["sh -c id", /Unknown command "sh"/],
    ["deploy --app myapp", /Unknown command "deploy"/],
    ["scp -t /tmp", /Unknown command "scp"/],
    ["git-receive-pack 'my\u0000app'", /control characters/],
    ["apps\nid", /control characters/],
    ["apps\u001b[2J", /control characters/],
    ['apps "$HOME"', /Double quotes/],
    ["deploy-upload --app ../x", /is not an app name/],
    ["deploy-upload myapp", /takes --app NAME/],
  ];
  for (const [command, pattern] of cases) assert.throws(() => parseSshCommand(command), refused(pattern), JSON.stringify(command));
});

test("ps:scale runs over SSH with its TYPE=N words unquoted", () => {
  assert.deepEqual(parseSshCommand("ps:scale blog web=2 worker=0"), { kind: "cli", command: "ps:scale", args: ["blog", "web=2", "worker=0"] });
});
