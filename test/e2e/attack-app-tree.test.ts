import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { daemonAccount } from "./support/daemon-account.ts";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

/**
 * Attacks on the files the server handles for apps (issue 11, classes 2, 5 and 7): an app (or
 * an upload) plants links where root used to write, copy or delete, or ships setuid files and
 * archives that unpack without end. Each attack must fail, the platform must keep serving,
 * and nothing may be written outside the app's tree: a root-only canary directory stays as it was.
 */
describe("attacks on app trees: links, setuid bits, upload bombs, state-file modes", () => {
  let hop3: Hop3Fixture;
  const canary = `/root/hop3-canary-${process.pid}`;
  const precious = join(canary, "precious");

  const get = async (app: string, path: string) => {
    const response = await hop3.viaProxy(app, path);
    assert.equal(response.status, 200, `${app} ${path}: ${response.body}`);
    return JSON.parse(response.body) as Record<string, unknown>;
  };
  const appRoot = async (app: string) => dirname((await get(app, "/facts")).dataDir as string);
  /** The app itself makes `path` a link to `target`. */
  const plant = async (app: string, path: string, target: string) => {
    const result = await get(app, `/link?path=${encodeURIComponent(path)}&target=${encodeURIComponent(target)}`);
    assert.deepEqual(result, { linked: path });
  };
  const deploy = (app: string, dir = copySample("sandbox-probe")) => hop3.cli(["deploy", "--app", app, dir]);
  const assertCanaryUntouched = () => {
    assert.deepEqual(readdirSync(canary), ["precious"], "nothing was written into, or deleted from, the root-only canary");
    assert.equal(statSync(canary).uid, 0);
  };

  /** Waits until the app's old instances are gone and its builds pruned to the one kept (keep-releases = 1). */
  const settled = async (app: string, root: string) => {
    await hop3.instancesAfterDrain(app);
    for (let i = 0; i < 150 && readdirSync(join(root, "releases")).length > 1; i++) await sleep(200);
  };

  before(async () => {
    mkdirSync(canary, { mode: 0o700 });
    chmodSync(canary, 0o700);
    writeFileSync(precious, "root's own\n", { mode: 0o600 });
    hop3 = await Hop3Fixture.start({ env: { HOP3_KEEP_RELEASES: "1", HOP3_UPLOAD_MAX_UNPACKED: "64M", HOP3_UPLOAD_MAX_FILES: "1000" } });
    for (const app of ["victim", "pruned", "source"]) {
      const deployed = await deploy(app);
      assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    }
  });
  after(async () => {
    await hop3?.close();
    rmSync(canary, { recursive: true, force: true });
  });

  test("a link planted at the next release numbers does not make the next deploy write outside the app", { timeout: 180_000 }, async () => {
    const releases = join(await appRoot("victim"), "releases");
    for (const next of [2, 3, 4]) await plant("victim", join(releases, String(next)), canary);
    const deployed = await deploy("victim");
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assertCanaryUntouched();
    const current = readdirSync(releases).filter((name) => lstatSync(join(releases, name)).isDirectory() && !lstatSync(join(releases, name)).isSymbolicLink());
    assert.ok(current.length >= 1, "the new release got a real directory of its own");
    assert.equal((await hop3.viaProxy("victim", "/facts")).status, 200, "the app still serves");
  });

  test("pruning an old release, and destroying an app, delete the app's links, never what they point at", { timeout: 180_000 }, async () => {
    const root = await appRoot("pruned");
    await plant("pruned", join(root, "releases", "1", "escape"), canary);
    await plant("pruned", join(root, "data", "escape"), canary);
    // keep-releases = 1: this deploy prunes release 1, links and all.
    const deployed = await deploy("pruned");
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    // Pruning follows the switch in the background (ADR 40): it is done once the old instance is gone.
    await settled("pruned", root);
    assert.equal(existsSync(join(root, "releases", "1")), false, "the old release was pruned");
    assertCanaryUntouched();
    assert.equal((await hop3.viaProxy("pruned", "/facts")).status, 200);
    const destroyed = await hop3.cli(["apps:destroy", "pruned", "--yes"]);
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.equal(existsSync(root), false, "the app's tree is gone");
    assertCanaryUntouched();
    assert.equal((await hop3.viaProxy("victim", "/facts")).status, 200, "the other apps still serve");
  });

  test("setuid, setgid and sticky bits of uploaded files do not survive the unpacking", { timeout: 180_000 }, async () => {
    const dir = copySample("sandbox-probe");
    writeFileSync(join(dir, "rootshell"), "#!/bin/sh\nexec /bin/sh\n");
    chmodSync(join(dir, "rootshell"), 0o6755);
    mkdirSync(join(dir, "shared"));
    chmodSync(join(dir, "shared"), 0o3777);
    writeFileSync(join(dir, "shared", "file"), "x\n");
    const deployed = await deploy("setuid", dir);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    const release = join(await appRoot("setuid"), "releases", "1");
    // Directories keep only the setgid bit of the app's root (their group is the daemon's, ADR 31): it grants nothing.
    const { gid: daemonGid } = daemonAccount();
    const special = walk(release).filter((path) => {
      const stat = lstatSync(path);
      const bits = stat.mode & 0o7000;
      return stat.isDirectory() ? bits !== 0o2000 || stat.gid !== daemonGid : bits !== 0;
    });
    assert.deepEqual(special, [], "no file of the release keeps a setuid, setgid or sticky bit");
    assert.notEqual(statSync(join(release, "rootshell")).uid, 0, "uploaded files belong to the app, not root");
    assert.equal(statSync(join(release, "rootshell")).mode & 0o027, 0, "the daemon's group may read them, no other account at all (umask 027)");
    assert.equal(statSync(join(release, "rootshell")).gid, daemonGid);
  });

  test("an upload that unpacks past the caps is refused naming the cap, and nothing of it is kept", { timeout: 180_000 }, async () => {
    const releases = join(await appRoot("victim"), "releases");
    await settled("victim", dirname(releases));
    const before = readdirSync(releases).sort();
    const bomb = copySample("sandbox-probe");
    writeFileSync(join(bomb, "zeros.bin"), Buffer.alloc(100 * 1024 * 1024));
    const refused = await deploy("victim", bomb);
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /The upload unpacks to more than 64 MiB \(server setting upload-max-unpacked\)/);
    assert.deepEqual(readdirSync(releases).sort(), before, "no release directory was left behind");

    const many = copySample("sandbox-probe");
    mkdirSync(join(many, "many"));
    for (let i = 0; i < 1100; i++) writeFileSync(join(many, "many", `f${i}`), "");
    const tooMany = await deploy("victim", many);
    assert.equal(tooMany.code, 1, tooMany.stdout);
    assert.match(tooMany.stderr, /The upload holds more than 1000 files and directories \(server setting upload-max-files\)/);
    assert.deepEqual(readdirSync(releases).sort(), before, "no release directory was left behind");
    assert.equal((await hop3.viaProxy("victim", "/facts")).status, 200, "the app keeps serving its release");
  });

  test("the database, its -wal and -shm, secrets, logs and the SSH account's files are private from creation", { timeout: 120_000 }, async () => {
    // A config var makes the key that encrypts them, and puts a release environment in the database.
    const set = await hop3.cli(["config:set", "victim", "T_SECRET=shh"]);
    assert.equal(set.code, 0, set.stdout + set.stderr);
    const mode = (path: string) => statSync(path).mode & 0o777;
    const daemon = daemonAccount();
    for (const file of ["hop3.db", "hop3.db-wal", "hop3.db-shm", "secrets/config.key"]) {
      const path = join(hop3.home, file);
      assert.ok(existsSync(path), `${file} exists while the server runs`);
      assert.equal(mode(path), 0o600, file);
      assert.equal(statSync(path).uid, daemon.uid, `${file} is the daemon account's, not root's nor an app's`);
    }
    for (const dir of ["secrets", "logs", "logs/victim", "run"]) {
      assert.equal(mode(join(hop3.home, dir)), 0o700, dir);
      assert.equal(statSync(join(hop3.home, dir)).uid, daemon.uid, `${dir} belongs to the daemon: no app can plant a link where log files are opened (root opens none)`);
    }
    assert.equal(statSync(join(hop3.home, "apps")).uid, 0, "apps/ stays root's: nothing there can be swapped under the parent");
    for (const name of readdirSync(join(hop3.home, "logs", "victim")).filter((entry) => entry.endsWith(".log"))) {
      assert.equal(mode(join(hop3.home, "logs", "victim", name)), 0o600, name);
    }
    assert.equal(statSync(join(hop3.home, "ssh/.ssh")).uid, 0, "ssh/.ssh belongs to root: the SSH account cannot swap names there");
    // The keys' tokens are the daemon's to write; the SSH account may only open its own (2710).
    assert.equal(statSync(join(hop3.home, "ssh/keys")).uid, daemon.uid, "ssh/keys belongs to the daemon");
    for (const dir of ["ssh/.ssh", "ssh/keys"]) assert.equal(mode(join(hop3.home, dir)) & 0o066, 0, `${dir}: nobody else lists or writes it`);
  });

  test("the daemon runs as its own account without capabilities; an app that escaped its sandbox reads neither another app's files nor the daemon's", { timeout: 60_000 }, async () => {
    const daemon = daemonAccount();
    const parent = statusOf(hop3.serverPid);
    assert.equal(parent["Uid"]?.split(/\s+/)[0], "0", "the parent stays root");
    const children = readFileSync(`/proc/${hop3.serverPid}/task/${hop3.serverPid}/children`, "utf8").trim().split(/\s+/).map(Number);
    const daemons = children.filter((pid) => statusOf(pid)["Uid"]?.split(/\s+/)[0] === String(daemon.uid));
    assert.equal(daemons.length, 1, `one child of the parent runs as hop3-daemon: ${children.join(",")}`);
    const status = statusOf(daemons[0] as number);
    assert.deepEqual(status["Uid"]?.split(/\s+/), Array(4).fill(String(daemon.uid)), "real, effective, saved and filesystem uid");
    for (const set of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) assert.equal(BigInt(`0x${status[set] ?? "1"}`), 0n, `${set} ${status[set]}`);
    assert.equal(status["NoNewPrivs"], "1");

    // As victim's account outside its sandbox (as if it had escaped it): nothing of source's, nothing of the daemon's.
    const victimRoot = statSync(await appRoot("victim"));
    const victim = { uid: victimRoot.uid, gid: Number(readFileSync("/etc/passwd", "utf8").split("\n").find((line) => line.split(":")[2] === String(victimRoot.uid))?.split(":")[3]) };
    const source = join(await appRoot("source"), "releases", "1", "hop3.toml");
    const asUid = (account: { uid: number; gid: number }, path: string) => spawnSync("setpriv", [`--reuid=${account.uid}`, `--regid=${account.gid}`, "--clear-groups", "cat", path], { encoding: "utf8" });
    for (const path of [source, join(hop3.home, "hop3.db"), join(hop3.home, "secrets", "config.key"), join(hop3.home, "ssh", "keys")]) {
      const read = asUid(victim, path);
      assert.notEqual(read.status, 0, `${path} is not readable by another app's account`);
      assert.match(read.stderr, /Permission denied/, path);
    }
    assert.equal(asUid(daemon, source).status, 0, "the daemon's group reads the apps' files (it builds them)");
  });

  test("apps:clone copies a link in the data directory as a link, never the root-only files it points at", { timeout: 240_000 }, async () => {
    const root = await appRoot("source");
    await plant("source", join(root, "data", "escape"), canary);
    await get("source", `/write?path=${encodeURIComponent(join(root, "data", "note.txt"))}&text=mine`);
    const cloned = await hop3.cli(["apps:clone", "source", "copy"]);
    assert.equal(cloned.code, 0, cloned.stdout + cloned.stderr);
    const copied = join(await appRoot("copy"), "data");
    assert.ok(lstatSync(join(copied, "escape")).isSymbolicLink(), "the link stays a link");
    assert.equal(readlinkSync(join(copied, "escape")), canary);
    assert.deepEqual(readdirSync(copied).sort(), ["escape", "note.txt"]);
    assert.notEqual(statSync(join(copied, "note.txt")).uid, statSync(join(root, "data", "note.txt")).uid, "the copy belongs to the clone's own account");
    assertCanaryUntouched();
    assert.equal((await hop3.viaProxy("copy", "/facts")).status, 200);
    assert.equal((await hop3.viaProxy("source", "/facts")).status, 200);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    return stat.isDirectory() ? [path, ...walk(path)] : [path];
  });
}

/** The fields of /proc/PID/status. */
function statusOf(pid: number): Record<string, string> {
  return Object.fromEntries(readFileSync(`/proc/${pid}/status`, "utf8").split("\n").map((line) => [line.split(":")[0] ?? "", line.slice(line.indexOf(":") + 1).trim()]));
}
