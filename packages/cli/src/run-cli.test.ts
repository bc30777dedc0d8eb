import assert from "node:assert/strict";
import { test } from "node:test";
import { commands } from "./registry.ts";
import { runCli } from "./run-cli.ts";
import { captureIo } from "./test-support/capture-io.ts";
import { cliVersion } from "./version.ts";

async function run(argv: string[], options: Parameters<typeof captureIo>[0] = {}) {
  const capture = captureIo(options);
  const code = await runCli(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr(), prompts: capture.prompts };
}

test("lists every command with its summary for --help, -h, help and no arguments", async () => {
  for (const argv of [["--help"], ["-h"], ["help"], []]) {
    const { code, stdout, stderr } = await run(argv);
    assert.equal(code, 0);
    assert.equal(stderr, "");
    const lines = stdout.split("\n").map((line) => line.trim().split(/ {2,}/));
    for (const command of commands.filter((candidate) => candidate.shorthandOf === undefined)) assert.ok(lines.some(([name, summary]) => name === command.name && summary === command.summary), command.name);
    // Shorthands (pg:create...) are listed as one line per group, naming each of them.
    for (const command of commands.filter((candidate) => candidate.shorthandOf !== undefined)) {
      const [prefix, sub] = command.name.split(":");
      assert.ok(lines.some(([name, summary]) => name === `${prefix}:*` && (sub === undefined || (summary ?? "").includes(sub))), command.name);
    }
  }
});

test("prints the version for --version", async () => {
  assert.deepEqual(await run(["--version"]), { code: 0, stdout: `${cliVersion}\n`, stderr: "", prompts: [] });
});

test("shows the same usage for `help CMD` and `CMD --help`", async () => {
  const viaHelp = await run(["help", "deploy"]);
  const viaFlag = await run(["deploy", "--help"]);
  const viaShort = await run(["deploy", "-h"]);
  assert.equal(viaHelp.code, 0);
  assert.equal(viaHelp.stdout, viaFlag.stdout);
  assert.equal(viaHelp.stdout, viaShort.stdout);
  assert.match(viaHelp.stdout, /^Usage: hop3 deploy \[--app NAME\] \[--check\] \[--wait\] \[--json\] \[DIR\]$/m);
  assert.match(viaHelp.stdout, /^ {2}-a, --app NAME +App to deploy to/m);
});

test("shows help for a command even when its required argument is missing", async () => {
  const { code, stdout } = await run(["apps:info", "--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: hop3 apps:info \[--json\] NAME$/m);
});

test("rejects an unknown command with exit code 2, suggesting the closest one", async () => {
  const { code, stdout, stderr } = await run(["aps"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.equal(stderr, 'error: Unknown command "aps".\nhint: Did you mean `hop3 apps`? Run `hop3 --help` to list the commands.\n');
});

test("rejects `help` for an unknown command the same way", async () => {
  const { code, stderr } = await run(["help", "depoly"]);
  assert.equal(code, 2);
  assert.match(stderr, /Did you mean `hop3 deploy`\?/);
});

test("rejects an unknown option as a usage error naming the command", async () => {
  const { code, stderr } = await run(["apps", "--verbose"]);
  assert.equal(code, 2);
  assert.equal(stderr, "error: hop3 apps: unknown option '--verbose'.\nhint: Run `hop3 apps --help` to see the usage.\n");
});

test("rejects a missing argument, an option without its value and an extra argument", async () => {
  assert.match((await run(["apps:info"])).stderr, /^error: hop3 apps:info: missing argument NAME\.$/m);
  assert.match((await run(["deploy", "--app"])).stderr, /^error: hop3 deploy: option '-a, --app <value>' argument missing\.$/m);
  const extra = await run(["ps", "blog", "api"]);
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /^error: hop3 ps: unexpected argument "api"\.$/m);
});

test("fails with CLI_NOT_CONFIGURED when no server is configured", async () => {
  const { code, stderr } = await run(["apps"], { env: { HOME: "/nonexistent-hop3-home" } });
  assert.equal(code, 1);
  assert.match(stderr, /^error: No Hop3 server is configured: HOP3_URL is not set and \/nonexistent-hop3-home\/\.config\/hop3\/config\.json does not exist\.$/m);
  assert.match(stderr, /^hint: Set HOP3_URL and HOP3_TOKEN, or run `hop3 login --url URL --token TOKEN`\.$/m);
});

test("checks an app name locally before asking the server to create it", async () => {
  const { code, stderr } = await run(["apps:create", "Not_Valid"], { env: { HOP3_URL: "unix:///nonexistent.sock" } });
  assert.equal(code, 1);
  assert.match(stderr, /^error: App name "Not_Valid" is not valid\.$/m);
});
