import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppInfo, ConfigVars, SshKeyList } from "@hop3/contract";
import { Hop3Fixture, httpGet, type CliResult } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { SshdFixture } from "./support/sshd-fixture.ts";

/** One process as /proc shows it. */
interface Proc {
  readonly pid: number;
  readonly name: string;
  /** Real, effective, saved and filesystem uids. */
  readonly uids: readonly number[];
  readonly environ: readonly string[];
  readonly cmdline: string;
  readonly cgroup: string;
}

/** Every process of the host, as root sees them (those that end while we look are skipped). */
function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const uids = (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? "").split(/\s+/).map(Number);
      found.push({
        pid: Number(entry),
        name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "",
        uids,
        environ: readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").filter((line) => line !== ""),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " "),
        cgroup: readFileSync(`/proc/${entry}/cgroup`, "utf8"),
      });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

const shown = (procs: readonly Proc[]) => procs.map((p) => `${p.pid} ${p.name} uids=${p.uids.join(",")} ${p.cmdline.slice(0, 120)}`).join("\n");

/** Waits for a file the app writes when it got where the test wants it (not a timed assertion: the deadline only stops a hung test). */
async function waitFor(what: string, found: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (found()) return;
    await sleep(100);
  }
  assert.fail(`${what} did not happen`);
}

/** A shared object whose constructor records, in the host's /tmp, the uid that loaded it. */
function buildEvilLibrary(dir: string, witness: string): void {
  const source = join(dir, "evil.c");
  writeFileSync(source, `#include <stdio.h>\n#include <unistd.h>\n__attribute__((constructor)) static void pwn(void) { FILE *f = fopen("${witness}", "a"); if (f) { fprintf(f, "uid %d\\n", (int) getuid()); fclose(f); } }\n`);
  execFileSync("cc", ["-shared", "-fPIC", "-o", join(dir, "evil.so"), source]);
  rmSync(source);
}

describe("attack: an app's environment never reaches root, loader variables are refused, the proxy and SSH keep to their word", () => {
  let hop3: Hop3Fixture;
  let sshd: SshdFixture;
  let key: string;
  const witness = `/tmp/hop3-attack-env-${process.pid}`;
  const canary = {
    configVar: `config-canary-${randomBytes(6).toString("hex")}`,
    dotenv: `dotenv-canary-${randomBytes(6).toString("hex")}`,
    toml: `toml-canary-${randomBytes(6).toString("hex")}`,
  };
  const release = async (app: string) => (JSON.parse((await hop3.cli(["apps:info", app, "--json"])).stdout) as AppInfo).release;
  const output = (result: CliResult) => `${result.stdout}\n${result.stderr}`;

  before(async () => {
    hop3 = await Hop3Fixture.start();
    sshd = await SshdFixture.start(hop3.sshUser);
    key = sshd.newClientKey("laptop");
    const added = await hop3.cli(["keys:add", "laptop", `${key}.pub`]);
    assert.equal(added.code, 0, added.stderr);
    const deployed = await hop3.cli(["deploy", "--app", "victim", copySample("census-app")]);
    assert.equal(deployed.code, 0, output(deployed));
  });
  after(async () => {
    rmSync(witness, { force: true });
    await sshd?.stop();
    await hop3?.close();
  });

  test("LD_PRELOAD in .env, hop3.toml [env] or app.json, or set with config:set, is refused naming the variable and its source; the previous release keeps serving", async () => {
    const serving = await release("victim");
    const attempts: { files: Record<string, string>; message: RegExp }[] = [
      { files: { ".env": "GREETING=hi\nLD_PRELOAD=./evil.so\n" }, message: /\.env line 2: LD_PRELOAD may not be set/ },
      { files: { "hop3.toml": '[metadata]\nid = "census-app"\n\n[env]\nLD_PRELOAD = "./evil.so"\n' }, message: /hop3\.toml \[env\]: LD_PRELOAD may not be set/ },
      { files: { "app.json": JSON.stringify({ env: { LD_AUDIT: "./evil.so" } }) }, message: /app\.json "env\.LD_AUDIT": LD_AUDIT may not be set/ },
      { files: { ENV: "GCONV_PATH=.\n" }, message: /ENV line 1: GCONV_PATH may not be set/ },
    ];
    for (const { files, message } of attempts) {
      const dir = copySample("census-app");
      buildEvilLibrary(dir, witness);
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      const deployed = await hop3.cli(["deploy", "--app", "victim", dir]);
      assert.equal(deployed.code, 1, output(deployed));
      assert.match(output(deployed), message);
      assert.match(output(deployed), /loader variables/);
      assert.doesNotMatch(output(deployed), /Building with/, "the deploy stopped before building");
    }

    const set = await hop3.cli(["config:set", "victim", "LD_PRELOAD=./evil.so"]);
    assert.notEqual(set.code, 0);
    assert.match(set.stderr, /Config var LD_PRELOAD may not be set/);
    assert.doesNotMatch(set.stderr, /evil\.so/, "the value is not repeated");
    const vars = JSON.parse((await hop3.cli(["config", "victim", "--json"])).stdout) as ConfigVars;
    assert.deepEqual(Object.keys(vars.vars), []);

    assert.equal(existsSync(witness), false, "evil.so was never loaded, as root or otherwise");
    assert.equal(await release("victim"), serving);
    const served = await hop3.viaProxy("victim");
    assert.equal(served.status, 200);
    assert.deepEqual(JSON.parse(served.body), { release: String(serving) });
  });

  test("no process of an app (build, web, worker, cron, run) runs as root, and no root process carries the app's variables", { timeout: 180_000 }, async () => {
    const app = "census";
    assert.equal((await hop3.cli(["apps:create", app])).code, 0);
    const set = await hop3.cli(["config:set", app, "--no-restart", "--stdin"], { input: `T_SECRET=${canary.configVar}\n` });
    assert.equal(set.code, 0, set.stderr);
    const dir = copySample("census-app");
    writeFileSync(join(dir, ".env"), `T_DOTENV=${canary.dotenv}\n`);
    // The build waits, in the release directory it builds, until the census is taken.
    writeFileSync(
      join(dir, "hop3.toml"),
      `[metadata]\nid = "census-app"\n\n[env]\nT_TOML = "${canary.toml}"\n\n[build]\nbefore-build = 'touch hop3-building; while [ ! -e hop3-census-done ]; do sleep 0.2; done'\n`,
    );
    const deploying = hop3.cli(["deploy", "--app", app, dir]);
    const releases = join(hop3.home, "apps", app, "releases");
    const building = () => (existsSync(releases) ? readdirSync(releases).map((n) => join(releases, n)).find((d) => existsSync(join(d, "hop3-building"))) : undefined);
    await waitFor("the build hook", () => building() !== undefined);
    const buildCensus = processes();
    writeFileSync(join(building() as string, "hop3-census-done"), "");
    const deployed = await deploying;
    assert.equal(deployed.code, 0, output(deployed));

    const unixUser = (JSON.parse((await hop3.cli(["apps:info", app, "--json"])).stdout) as AppInfo).unixUser;
    const appUid = Number(execFileSync("id", ["-u", unixUser], { encoding: "utf8" }).trim());
    const data = join(hop3.home, "apps", app, "data");
    const cron = hop3.cli(["cron:run", app, "cron.1"]);
    const run = hop3.cli(["run", app, "--", "sh", "-c", 'touch "$HOP3_DATA_DIR/run-started"; while [ ! -e "$HOP3_DATA_DIR/census-done" ]; do sleep 0.2; done']);
    await waitFor("the cron run", () => existsSync(join(data, "cron-started")));
    await waitFor("the one-off run", () => existsSync(join(data, "run-started")));
    const runCensus = processes();
    writeFileSync(join(data, "census-done"), "");
    assert.equal((await cron).code, 0, output(await cron));
    assert.equal((await run).code, 0, output(await run));

    const carrying = (procs: readonly Proc[], value: string) => procs.filter((p) => p.environ.some((line) => line.endsWith(`=${value}`)));
    const ofApp = (procs: readonly Proc[]) => procs.filter((p) => p.uids.includes(appUid) || p.cgroup.includes(`/${unixUser}/`));
    for (const [stage, census] of [["build", buildCensus], ["run", runCensus]] as const) {
      const mine = ofApp(census);
      assert.deepEqual(mine.filter((p) => p.uids.includes(0)).map((p) => p.pid), [], `${stage}: no process of the app runs as root:\n${shown(mine)}`);
      assert.deepEqual(mine.filter((p) => p.environ.some((line) => line.startsWith("LD_"))).map((p) => p.pid), [], `${stage}: no process of the app has an LD_* variable`);
      for (const value of Object.values(canary)) {
        const holders = carrying(census, value);
        assert.ok(holders.length > 0, `${stage}: the app's own processes have ${value}`);
        assert.deepEqual(holders.filter((p) => !p.uids.every((uid) => uid === appUid)).map((p) => p.pid), [], `${stage}: only the app's user holds ${value}:\n${shown(holders)}`);
        assert.deepEqual(census.filter((p) => p.cmdline.includes(value)).map((p) => p.pid), [], `${stage}: ${value} is in no process's argv`);
      }
    }
    // Web, worker, cron and run: each holds the config var, as the app's user.
    const holders = carrying(runCensus, canary.configVar).map((p) => p.cmdline);
    for (const command of ["python3 web.py", "sleep 100000", "cron-started", "run-started"]) {
      assert.ok(holders.some((cmdline) => cmdline.includes(command)), `${command} runs with the config var:\n${holders.join("\n")}`);
    }
    // The chain before the app (here bubblewrap, outside the sandbox) started with Hop3's environment, not the app's.
    const sandboxes = ofApp(runCensus).filter((p) => p.name === "bwrap" && p.cmdline.includes("--clearenv"));
    assert.ok(sandboxes.length >= 4, shown(ofApp(runCensus)));
    // (PWD is the working directory, which the chain's first shell exports.)
    for (const sandbox of sandboxes) assert.deepEqual(sandbox.environ.filter((line) => !line.startsWith("PWD=")).sort(), ["LANG=C.UTF-8", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"]);
  });

  test("a forged X-Real-IP or X-Forwarded-For does not reach the app: the proxy sets the real client address", async () => {
    const response = await httpGet({ port: hop3.httpPort, path: "/headers", host: "victim.localhost", headers: { "X-Real-IP": "6.6.6.6", "X-Forwarded-For": "6.6.6.6" } });
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(JSON.parse(response.body), { "X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1" });
  });

  test("over SSH, keys:add with a FILE is refused without reading it (another key's token stays secret); with - it reads stdin", async () => {
    const tokenFile = join(hop3.home, "ssh", "keys", "1.token");
    const token = readFileSync(tokenFile, "utf8").trim();
    const readable = join(sshd.dir, "readable-secret");
    writeFileSync(readable, `ssh-secret-${randomBytes(6).toString("hex")} and more\n`, { mode: 0o644 });
    for (const file of [tokenFile, readable, "../keys/1.token"]) {
      const result = await sshd.ssh(key, `keys:add stolen ${file}`);
      assert.equal(result.code, 1, output(result));
      assert.match(result.stderr, /reads the public key from stdin only/);
      assert.ok(!output(result).includes(token), "the token is not shown");
      assert.ok(!output(result).includes("ssh-secret-"), "the file's content is not shown");
    }
    const other = sshd.newClientKey("desktop");
    const added = await sshd.ssh(key, "keys:add desktop -", { input: readFileSync(`${other}.pub`, "utf8") });
    assert.equal(added.code, 0, output(added));
    const keys = (JSON.parse((await hop3.cli(["keys:list", "--json"])).stdout) as SshKeyList).keys.map((k) => k.name);
    assert.deepEqual(keys, ["laptop", "desktop"]);
  });

  test("config:set over SSH still works, its values on stdin: typed as ssh arguments, or by the CLI with an ssh:// URL", async () => {
    const typed = await sshd.ssh(key, "config:set victim --no-restart T_TYPED=typed-value");
    assert.equal(typed.code, 0, output(typed));
    const sshUrl = { HOP3_URL: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, HOP3_SSH_COMMAND: sshd.sshCommand(key).join(" ") };
    const viaCli = await hop3.cli(["config:set", "victim", "--no-restart", "T_VIA_CLI=cli value"], { env: sshUrl });
    assert.equal(viaCli.code, 0, output(viaCli));
    const keyViaCli = await hop3.cli(["keys:add", "tablet", `${sshd.newClientKey("tablet")}.pub`], { env: sshUrl });
    assert.equal(keyViaCli.code, 0, output(keyViaCli));
    const vars = JSON.parse((await hop3.cli(["config", "victim", "--json"])).stdout) as ConfigVars;
    assert.deepEqual(vars.vars, { T_TYPED: "typed-value", T_VIA_CLI: "cli value" });
  });
});
