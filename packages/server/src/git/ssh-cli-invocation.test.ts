import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { sshCliInvocation } from "./ssh-cli-invocation.ts";

const refused = (pattern: RegExp) => (error: unknown) => error instanceof Hop3Error && error.code === "SSH_COMMAND_REFUSED" && pattern.test(error.message);

test("config:set over SSH hands the pairs to the CLI on stdin: its argv holds no value", () => {
  const invocation = sshCliInvocation("config:set", ["blog", "--no-restart", "HOP3_TEST=x", "API_KEY=s3cret=v", "EMPTY="]);
  assert.deepEqual(invocation, { args: ["config:set", "--no-restart", "--stdin", "--", "blog"], input: "HOP3_TEST=x\nAPI_KEY=s3cret=v\nEMPTY=\n" });
  assert.ok(!invocation.args.some((word) => word.includes("s3cret")));
  assert.deepEqual(sshCliInvocation("config:set", ["--encoded", "blog", "--", "A=eA=="]).args, ["config:set", "--encoded", "--stdin", "--", "blog"]);
});

test("config:set --stdin over SSH reads the channel; an unknown option or pairs next to --stdin are refused without being passed on", () => {
  assert.deepEqual(sshCliInvocation("config:set", ["--stdin", "blog"]), { args: ["config:set", "--stdin", "--", "blog"], input: null });
  assert.throws(() => sshCliInvocation("config:set", ["--stdin", "blog", "A=secret"]), refused(/give none after APP/));
  assert.throws(() => sshCliInvocation("config:set", ["blog", "--A=secret"]), (error: Hop3Error) => refused(/takes --encoded/)(error) && !error.message.includes("secret"));
});

test("keys:add over SSH reads the key from stdin only: a FILE is refused, not read, and not echoed", () => {
  assert.deepEqual(sshCliInvocation("keys:add", ["laptop", "-"]), { args: ["keys:add", "--", "laptop", "-"], input: null });
  assert.deepEqual(sshCliInvocation("keys:add", ["--json", "laptop", "-"]).args, ["keys:add", "--json", "--", "laptop", "-"]);
  for (const file of ["/etc/shadow", "../hop3.db", "id.pub"]) {
    assert.throws(() => sshCliInvocation("keys:add", ["laptop", file]), refused(/reads the public key from stdin only/), file);
  }
  assert.throws(() => sshCliInvocation("keys:add", ["--", "laptop", "--token"]), refused(/stdin only/));
  assert.throws(() => sshCliInvocation("keys:add", ["laptop", "-/x"]), refused(/takes --json only/));
});

test("other commands run as typed", () => {
  assert.deepEqual(sshCliInvocation("ps", ["blog", "--json"]), { args: ["ps", "blog", "--json"], input: null });
});

test("certs:add over SSH reads the chain and key from stdin only: file names are refused, not read", () => {
  assert.deepEqual(sshCliInvocation("certs:add", ["--json", "--", "shop", "-"]), { args: ["certs:add", "--json", "--", "shop", "-"], input: null });
  for (const files of [["shop", "/etc/ssl/private/key.pem"], ["shop", "cert.pem", "key.pem"], ["shop"]]) {
    assert.throws(() => sshCliInvocation("certs:add", files), refused(/certs:add reads the certificate chain and its key from stdin only/), files.join(" "));
  }
  assert.throws(() => sshCliInvocation("certs:add", ["--hosts=x", "shop", "-"]), refused(/takes --json only/));
});
