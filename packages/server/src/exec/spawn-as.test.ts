import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import type { Readable } from "node:stream";
import { noLimits } from "../core/confinement.ts";
import type { ResourceGroups } from "./resource-groups.ts";
import { spawnAs } from "./spawn-as.ts";

const noGroups = { prepare: () => ({ procs: [], notApplied: [] }) } as unknown as ResourceGroups;
const canRunConfined = process.getuid?.() === 0 && existsSync("/usr/bin/bwrap") && existsSync("/usr/bin/setpriv");
const confinement = { writable: [], readable: [], hidden: [], limits: noLimits, limitSources: { memory: "test" }, group: "h3-unit/run" };
/** A shell test (dash's `[` stats the path in the shell itself): is descriptor N open? */
const isOpen = (fd: number) => `if [ -e /proc/self/fd/${fd} ]; then echo "fd ${fd} open"; else echo "fd ${fd} closed"; fi`;
// What the command reports: its identity, its environment, whether it holds the environment's channel.
const report = `id -u; env | sort; ${isOpen(3)}`;

test("a confined command gets exactly the app's environment, as the app's user, and not the descriptor it came through", { skip: !canRunConfined && "needs root and bubblewrap" }, async () => {
  const { child } = spawnAs({
    argv: ["/bin/sh", "-c", report],
    cwd: "/",
    env: { PATH: "/usr/bin:/bin", HOP3_TEST_SECRET: "canary value", EMPTY: "" },
    runAs: { uid: 65534, gid: 65534, confinement },
    stdio: ["ignore", "pipe", "inherit"],
    groups: noGroups,
  });
  const [output] = await Promise.all([text(child.stdout as Readable), new Promise((resolve) => child.once("exit", resolve))]);
  const [uid, ...rest] = output.trim().split("\n");
  assert.equal(uid, "65534");
  assert.equal(rest.pop(), "fd 3 closed", "bubblewrap closed the environment's channel before running the command");
  assert.deepEqual(rest, ["EMPTY=", "HOP3_TEST_SECRET=canary value", "PATH=/usr/bin:/bin", "PWD=/"]);
});

test("a confined command with more descriptors gets its environment on the next one", { skip: !canRunConfined && "needs root and bubblewrap" }, async () => {
  const { child } = spawnAs({
    argv: ["/bin/sh", "-c", `echo "$A"; ${isOpen(3)}; ${isOpen(4)}`],
    cwd: "/",
    env: { A: "b" },
    runAs: { uid: 65534, gid: 65534, confinement },
    stdio: ["ignore", "pipe", "inherit", "pipe"],
    groups: noGroups,
  });
  const [output] = await Promise.all([text(child.stdout as Readable), new Promise((resolve) => child.once("exit", resolve))]);
  assert.deepEqual(output.trim().split("\n"), ["b", "fd 3 open", "fd 4 closed"], "fd 3 is the caller's; fd 4 brought the environment");
});
