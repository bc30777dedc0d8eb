import assert from "node:assert/strict";
import { test } from "node:test";
import { noLimits, type ResourceLimits } from "../core/confinement.ts";
import type { ResourceGroups } from "./resource-groups.ts";
import { chainEnv, setenvArgs, spawnTarget } from "./confine.ts";

/** Control groups that hand out one group without making it: the chain then starts with the joining step. */
const oneGroup = { prepare: (_group: string, _limits: ResourceLimits) => ({ procs: ["/sys/fs/cgroup/hop3/x/cgroup.procs"], notApplied: [] }) } as unknown as ResourceGroups;

const confinement = { writable: [], readable: [], hidden: ["/srv/hop3"], limits: { ...noLimits, openFiles: 1024 }, limitSources: { memory: "test" }, group: "h3-blog/run" };
const appEnv = { PATH: "/app/bin:/usr/bin:/bin", LD_PRELOAD: "./evil.so", HOP3_TEST_SECRET: "canary-value", EMPTY: "" };

test("a confined command's chain runs with Hop3's fixed environment, and no value of the app's is in its argv", () => {
  const target = spawnTarget({ argv: ["/bin/sh", "-c", "serve"], cwd: "/srv/hop3/apps/blog/releases/1", env: appEnv, runAs: { uid: 1234, gid: 1234, confinement }, envFd: 3, groups: oneGroup });
  assert.deepEqual(target.env, chainEnv);
  assert.equal(target.uid, undefined, "the chain starts as root and drops with setpriv");
  for (const value of Object.values(appEnv).filter((v) => v !== "")) {
    assert.ok(!target.argv.some((word) => word.includes(value)), `${value} is not in the argv`);
  }
  assert.ok(!target.argv.includes("--setenv"));
  const bwrap = target.argv.indexOf("/usr/bin/bwrap");
  assert.deepEqual(target.argv.slice(bwrap + 1, bwrap + 4), ["--clearenv", "--args", "3"], "bubblewrap clears the chain's environment, then reads the app's from fd 3");
  assert.ok(target.argv.indexOf("/usr/bin/setpriv") < bwrap && target.argv.indexOf("/usr/bin/prlimit") < bwrap);
  assert.deepEqual(target.argv.slice(-3), ["/bin/sh", "-c", "serve"]);
});

test("a confined chain starts in /, not in the release directory the app can swap, and bubblewrap enters it as the app", () => {
  const release = "/srv/hop3/apps/blog/releases/1";
  const target = spawnTarget({ argv: ["/bin/sh", "-c", "serve"], cwd: release, env: appEnv, runAs: { uid: 1234, gid: 1234, confinement }, envFd: 3, groups: oneGroup });
  assert.equal(target.cwd, "/");
  const chdir = target.argv.indexOf("--chdir");
  assert.ok(chdir > target.argv.indexOf("/usr/bin/bwrap"), "the directory is entered by bubblewrap");
  assert.equal(target.argv[chdir + 1], release);
});

test("the app's environment goes to bubblewrap's --args as NUL-separated --setenv triples", () => {
  const target = spawnTarget({ argv: ["env"], cwd: "/", env: appEnv, runAs: { uid: 1234, gid: 1234, confinement }, envFd: 4, groups: oneGroup });
  assert.ok(target.argv.includes("4"));
  const words = target.envArgs?.toString("utf8").split("\0");
  assert.equal(words?.pop(), "", "every word ends with a NUL");
  assert.deepEqual(words, ["--setenv", "PATH", "/app/bin:/usr/bin:/bin", "--setenv", "LD_PRELOAD", "./evil.so", "--setenv", "HOP3_TEST_SECRET", "canary-value", "--setenv", "EMPTY", ""]);
});

test("unconfined, the spawn itself switches user and takes the command's environment (applied after the switch)", () => {
  const target = spawnTarget({ argv: ["env"], cwd: "/", env: appEnv, runAs: { uid: 1234, gid: 1234 }, envFd: 3 });
  assert.deepEqual(target, { argv: ["env"], env: appEnv, cwd: "/", uid: 1234, gid: 1234, group: null, envArgs: null });
});

test("a variable whose name or value holds a NUL or whose name holds '=' cannot be passed to bubblewrap", () => {
  assert.throws(() => setenvArgs({ A: "x\0--bind" }), TypeError);
  assert.throws(() => setenvArgs({ "A=B": "x" }), TypeError);
  assert.deepEqual(setenvArgs({}), Buffer.alloc(0));
});
