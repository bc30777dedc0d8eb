import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ConfigVars, ProcessList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

/** Values a shell or a naive env writer would mangle. */
const awkward = {
  T_SPACES: "a  b c ",
  T_QUOTES: `it's "quoted"`,
  T_DOLLAR: "$HOME and ${PATH}",
  T_AMP: "a&b;c|d",
  T_STAR: "*",
  T_NEWLINE: "line one\nline two",
};
const marker = "s3cr3t-marker-7f1e";

/** Every regular file under a directory (sockets and links left out). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("config vars: set, unset, restart through the switch, encrypted at rest", () => {
  let hop3: Hop3Fixture;
  const env = async () => JSON.parse((await hop3.viaProxy("cfg")).body) as Record<string, string>;
  const pids = async () => (JSON.parse((await hop3.cli(["ps", "cfg", "--json"])).stdout) as ProcessList).instances.map((i) => i.pid);

  before(async () => {
    hop3 = await Hop3Fixture.start({ env: { HOP3_LOG_LEVEL: "debug" } });
    const deployed = await hop3.cli(["deploy", "--app", "cfg", copySample("env-app")]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
  });
  after(async () => {
    await hop3?.close();
  });

  test("config:set restarts the app, which sees each awkward value exactly, over the files' defaults", async () => {
    const args = Object.entries(awkward).map(([key, value]) => `${key}=${value}`);
    const encoded = `T_ENCODED=${Buffer.from("x = 1\n\ty='$z' & *").toString("base64")}`;
    const set = await hop3.cli(["config:set", "cfg", ...args, "GREETING=from-var", `T_SECRET=${marker}`]);
    assert.equal(set.code, 0, set.stdout + set.stderr);
    assert.match(set.stdout, /Restarting cfg with its new config vars/);
    assert.match(set.stdout, /cfg is live at/);
    const viaEncoded = await hop3.cli(["config:set", "cfg", "--encoded", encoded]);
    assert.equal(viaEncoded.code, 0, viaEncoded.stderr);
    const seen = await env();
    assert.deepEqual(seen, { ...awkward, GREETING: "from-var", T_DEFAULT: "file-default", T_SECRET: marker, T_ENCODED: "x = 1\n\ty='$z' & *", HOP3_RELEASE: "3" });

    assert.equal((await hop3.cli(["config:get", "cfg", "T_NEWLINE"])).stdout, "line one\nline two\n");
    const listed = JSON.parse((await hop3.cli(["config", "cfg", "--json"])).stdout) as ConfigVars;
    assert.equal(listed.vars.T_DOLLAR, "$HOME and ${PATH}");
    assert.match((await hop3.cli(["config", "cfg"])).stdout, /T_NEWLINE:\s+"line one\\nline two"/);
    const releases = await hop3.cli(["releases", "cfg"]);
    assert.match(releases.stdout, /\*v3\s+succeeded\s+config\s+python/);
  });

  test("--no-restart keeps the running processes; the value applies at the next restart and deploy", async () => {
    // The restart before this test answered once its release served; its old instance may still drain.
    const before = (await hop3.instancesAfterDrain("cfg")).map((i) => i.pid);
    const saved = await hop3.cli(["config:set", "cfg", "--no-restart", "T_LATER=soon"]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /set T_LATER; not restarted/);
    assert.deepEqual(await pids(), before);
    assert.equal((await env()).T_LATER, undefined);

    const unset = await hop3.cli(["config:unset", "cfg", "T_AMP", "T_STAR"]);
    assert.equal(unset.code, 0, unset.stderr);
    const seen = await env();
    assert.equal(seen.T_LATER, "soon");
    assert.equal(seen.T_AMP, undefined);
    assert.equal(seen.T_STAR, undefined);

    const redeploy = await hop3.cli(["deploy", "--app", "cfg", copySample("env-app")]);
    assert.equal(redeploy.code, 0, redeploy.stderr);
    const deployed = await env();
    assert.equal(deployed.GREETING, "from-var");
    assert.equal(deployed.T_LATER, "soon");
    assert.equal(deployed.T_DEFAULT, "file-default");
  });

  test("a rollback runs with the current config vars", async () => {
    const rollback = await hop3.cli(["rollback", "cfg"]);
    assert.equal(rollback.code, 0, rollback.stderr);
    assert.equal((await env()).T_LATER, "soon");
  });

  test("a restart that fails its start leaves the previous release serving, and the var saved", async () => {
    const release = (await env()).HOP3_RELEASE;
    const failed = await hop3.cli(["config:set", "cfg", "T_CRASH=1"]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /exited while starting/);
    assert.match(failed.stderr, /The config vars were saved/);
    assert.equal((await env()).HOP3_RELEASE, release);
    assert.equal((await hop3.cli(["config:get", "cfg", "T_CRASH"])).stdout, "1\n");
    const fixed = await hop3.cli(["config:unset", "cfg", "T_CRASH"]);
    assert.equal(fixed.code, 0, fixed.stderr);
  });

  test("refuses PORT, HOP3_* and invalid names, and unknown vars, naming them", async () => {
    const port = await hop3.cli(["config:set", "cfg", "PORT=1"]);
    assert.equal(port.code, 1);
    assert.match(port.stderr, /Config var PORT is reserved/);
    assert.match((await hop3.cli(["config:set", "cfg", "HOP3_X=1"])).stderr, /Config var HOP3_X is reserved/);
    assert.match((await hop3.cli(["config:set", "cfg", "1BAD=x"])).stderr, /"1BAD" is not a valid config var name/);
    assert.match((await hop3.cli(["config:unset", "cfg", "NOPE"])).stderr, /has no config var NOPE/);
    const get = await hop3.cli(["config:get", "cfg", "NOPE"]);
    assert.equal(get.code, 1);
    assert.match(get.stderr, /hint: Run `hop3 config APP`/);
    assert.match((await hop3.cli(["config:set", "cfg", "novalue"])).stderr, /"novalue" is not KEY=VALUE/);
  });

  test("values are in no file of the state root and not in the server's debug log", () => {
    assert.match(hop3.serverLog, /incoming request/, "the server logged at debug level");
    assert.ok(!hop3.serverLog.includes(marker), "the server log holds a config value");
    // A file listed and then removed before it is read (an old instance's run file, as it stops) holds nothing.
    const contentOf = (file: string) => {
      try {
        return readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
        throw error;
      }
    };
    const holding = filesUnder(hop3.home).filter((file) => contentOf(file).includes(Buffer.from(marker)));
    assert.deepEqual(holding, [], "files holding a config value in plain text");
    assert.equal(statSync(join(hop3.home, "secrets", "config.key")).mode & 0o777, 0o600);
    assert.equal(statSync(join(hop3.home, "secrets")).mode & 0o777, 0o700);
  });
});
