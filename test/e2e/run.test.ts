import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import type { AppInfo } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { SshdFixture } from "./support/sshd-fixture.ts";

/** Processes whose command line is exactly `argv`. */
function processesRunning(argv: readonly string[]): number[] {
  const wanted = `${argv.join("\0")}\0`;
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8") === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("hop3 run: one-off commands in the app's environment", () => {
  let hop3: Hop3Fixture;
  let sshd: SshdFixture;
  let key: string;

  before(async () => {
    hop3 = await Hop3Fixture.start();
    const deployed = await hop3.cli(["deploy", "--app", "oneoff", copySample("env-app")]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    sshd = await SshdFixture.start(hop3.sshUser);
    key = sshd.newClientKey("laptop");
    const added = await hop3.cli(["keys:add", "laptop", `${key}.pub`]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    await sshd?.stop();
    await hop3?.close();
  });

  test("propagates the command's exit status: 3, 0, and 128 + signal", async () => {
    const three = await hop3.cli(["run", "oneoff", "--", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    assert.equal(three.code, 3, three.stderr);
    assert.equal(three.stdout, "out\n");
    assert.equal(three.stderr, "err\n");
    const zero = await hop3.cli(["run", "oneoff", "--", "true"]);
    assert.equal(zero.code, 0, zero.stderr);
    assert.equal(zero.stdout, "");
    const killed = await hop3.cli(["run", "oneoff", "--", "sh", "-c", "kill -TERM $$"]);
    assert.equal(killed.code, 143);
  });

  test("passes stdin through, bytes unchanged", async () => {
    const text = "line one\nline two with 'quotes' and $dollars\n";
    const echoed = await hop3.cli(["run", "oneoff", "--", "cat"], { input: text });
    assert.equal(echoed.code, 0, echoed.stderr);
    assert.equal(echoed.stdout, text);
    const big = "x".repeat(3 * 1024 * 1024);
    const counted = await hop3.cli(["run", "oneoff", "--", "wc", "-c"], { input: big });
    assert.equal(counted.stdout.trim(), String(big.length));
  });

  test("runs as the app's user, in its release directory, with its config vars and files' env", async () => {
    const set = await hop3.cli(["config:set", "oneoff", "--no-restart", "T_RUN=from config:set"]);
    assert.equal(set.code, 0, set.stderr);
    const seen = await hop3.cli(["run", "oneoff", "--", "sh", "-c", 'id -un; pwd; test -f Procfile && echo has-procfile; echo "$T_RUN|$T_DEFAULT"']);
    assert.equal(seen.code, 0, seen.stderr);
    const [user, cwd, procfile, vars] = seen.stdout.trim().split("\n");
    const info = JSON.parse((await hop3.cli(["apps:info", "oneoff", "--json"])).stdout) as AppInfo;
    assert.equal(user, info.unixUser);
    assert.ok(cwd?.startsWith(`${hop3.home}/apps/oneoff/`), cwd);
    assert.equal(procfile, "has-procfile");
    assert.equal(vars, "from config:set|file-default");
  });

  test("refuses an unknown app, an app never deployed and an empty command, and reports a missing program", async () => {
    const unknown = await hop3.cli(["run", "nope", "--", "true"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: App "nope" does not exist/m);
    assert.equal((await hop3.cli(["apps:create", "fresh"])).code, 0);
    const fresh = await hop3.cli(["run", "fresh", "--", "true"]);
    assert.equal(fresh.code, 1);
    assert.match(fresh.stderr, /^error: App "fresh" was never deployed/m);
    assert.match(fresh.stderr, /^hint: Deploy the app first/m);
    const empty = await hop3.cli(["run", "oneoff"]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /give the command after --/);
    const missing = await hop3.cli(["run", "oneoff", "--", "no-such-program-x"]);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /^no-such-program-x: command not found$/m, "the message docs/operating.md shows");
    const help = await hop3.cli(["run", "--help"]);
    assert.match(help.stdout, /--no-tty/);
  });

  test("runs on a terminal with --tty, sized like the client's", async () => {
    const tty = await hop3.cli(["run", "oneoff", "--tty", "--", "sh", "-c", "tty; stty size; exit 4"]);
    assert.equal(tty.code, 4, tty.stderr);
    assert.match(tty.stdout, /^\/dev\/pts\/\d+\r?\n24 80\r?$/m);
    const piped = await hop3.cli(["run", "oneoff", "--tty", "--", "head", "-n", "1"], { input: "typed\n" });
    assert.equal(piped.code, 0, piped.stderr);
    assert.match(piped.stdout, /typed/);
  });

  test("kills the command's process tree when the client goes away", async () => {
    // The sleep's argument is computed by the shell, so only the grandchild has it on its command line.
    const seconds = 300_000 + (process.pid % 1000);
    const client = hop3.spawnCli(["run", "oneoff", "--", "sh", "-c", `sh -c 'sleep $((${seconds - 1} + 1))' & wait`]);
    await until(() => processesRunning(["sleep", String(seconds)]).length > 0);
    client.kill("SIGKILL");
    await until(() => processesRunning(["sleep", String(seconds)]).length === 0);
  });

  test("answers a plain request (no Upgrade) with a clear error, and is in the OpenAPI description", async () => {
    const plain = await hop3.api("/v1/apps/oneoff/run", "POST");
    assert.equal(plain.status, 400);
    const openapi = JSON.parse((await hop3.api("/openapi.json")).body) as { paths: Record<string, Record<string, { summary?: string }>> };
    assert.match(openapi.paths["/v1/apps/{app}/run"]?.post?.summary ?? "", /one-off command/);
    // A client that is not authenticated never gets the protocol.
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(hop3.apiPort, "127.0.0.1", () => socket.end("POST /v1/apps/oneoff/run HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: hop3-run/1\r\nContent-Length: 0\r\n\r\n"));
      let answer = "";
      socket.setEncoding("utf8").on("data", (chunk: string) => (answer += chunk)).on("close", () => resolve(answer));
    });
    assert.match(refused, /^HTTP\/1\.1 401 /);
  });

  test("over SSH: the exit status and stdin pass through, and ssh -t gives a terminal", async () => {
    const three = await sshd.ssh(key, "run oneoff -- sh -c 'cat; exit 3'", { input: "via ssh\n" });
    assert.equal(three.code, 3, three.stderr);
    assert.equal(three.stdout, "via ssh\n");
    const [program, ...options] = sshd.sshCommand(key);
    const { run } = await import("./support/sshd-fixture.ts");
    const tty = await run(program ?? "ssh", [...options, "-tt", `${sshd.user}@127.0.0.1`, "--", "run oneoff -- tty"], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sshd.dir } });
    assert.equal(tty.code, 0, tty.stderr);
    assert.match(tty.stdout, /\/dev\/pts\/\d+/);
    const shell = await run(program ?? "ssh", [...options, "-tt", `${sshd.user}@127.0.0.1`, "--", "run oneoff -- sh"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sshd.dir },
      input: "echo typed-$((6 * 7))\nexit 7\n",
    });
    assert.equal(shell.code, 7, shell.stderr);
    assert.match(shell.stdout, /typed-42/);

    const env = { HOP3_URL: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, HOP3_TOKEN: "", HOP3_SSH_COMMAND: sshd.sshCommand(key).join(" ") };
    const viaCli = await hop3.cli(["run", "oneoff", "--", "sh", "-c", "read line; echo \"got $line\"; exit 5"], { env, input: "hello\n" });
    assert.equal(viaCli.code, 5, viaCli.stderr);
    assert.equal(viaCli.stdout, "got hello\n");
  });
});
