import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadServerConfig } from "../config/server-config.ts";
import type { SpawnRequest } from "../exec/privileged-protocol.ts";
import { engineSecretEnv, mariadbBinaries, postgresBinaries, redisServer, versitygw } from "../addon-drivers/engine-binaries.ts";
import { parentHost } from "./parent-host.ts";

const home = mkdtempSync(join(tmpdir(), "hop3-parent-host-"));
const host = parentHost({
  config: loadServerConfig({ HOP3_HOME: home }),
  daemon: { pid: () => undefined, uid: 990, gid: 990 },
  proxy: { uid: 991, gid: 991 },
  addons: { uid: 992, gid: 992 },
  privateDir: join(home, "private"),
});

function request(argv: string[], changes: Partial<SpawnRequest> = {}): SpawnRequest {
  return { op: "spawn", id: 1, argv, cwd: "/", env: {}, runAs: { uid: 992, gid: 992 }, runFirst: [], stdio: ["ignore", "pipe", "pipe"], ...changes };
}

test("the engines' account runs the engines' programs and nothing else (ADR 42)", () => {
  for (const argv of [[postgresBinaries.postgres, "-D", "/x"], [postgresBinaries.initdb, "-D", "/x"], ["/usr/lib/postgresql/17/bin/initdb", "-D", "/x"], ["/usr/lib/postgresql/17/bin/postgres", "-D", "/x"], [redisServer, "-"], [mariadbBinaries.server, "--no-defaults"], ["/usr/bin/mkdir", "-p", "/x"]]) {
    assert.equal(host.allowsCommand("addons", request(argv)), true, argv.join(" "));
  }
  const refused: [string, SpawnRequest][] = [
    ["a shell", request(["/bin/sh", "-c", "id"])],
    ["a program found through PATH", request(["postgres", "-D", "/x"])],
    ["the MariaDB client (the daemon's own tool)", request(["/usr/bin/mariadb", "-e", "SELECT 1"])],
    ["a look-alike path", request([`${redisServer}/../../bin/sh`])],
    ["another program of a PostgreSQL major", request(["/usr/lib/postgresql/17/bin/pg_ctl", "start"])],
    ["a PostgreSQL look-alike path", request(["/usr/lib/postgresql/17/bin/../../../../bin/postgres"])],
    ["a program run first", request([redisServer, "-"], { runFirst: ["/bin/sh"] })],
    ["a sandbox (not the engines')", request([redisServer, "-"], { runAs: { uid: 992, gid: 992, confinement: { writable: [], readable: [], hidden: [], limits: { memoryBytes: null, maxProcesses: null, openFiles: null, cpus: null }, group: "x" } as never } })],
  ];
  for (const [what, spawn] of refused) assert.equal(host.allowsCommand("addons", spawn), false, what);
});

test("versitygw gets its root key from the daemon's env by shape, nothing else; other engines get none (ADR 51)", () => {
  const key = "A".repeat(20);
  const secret = "b1".repeat(20);
  const sent = { ROOT_ACCESS_KEY_ID: key, ROOT_SECRET_ACCESS_KEY: secret, LD_PRELOAD: "/tmp/x.so", PATH: "/tmp" };
  assert.deepEqual(engineSecretEnv([versitygw, "posix", "/x"], sent), { ROOT_ACCESS_KEY_ID: key, ROOT_SECRET_ACCESS_KEY: secret });
  assert.deepEqual(engineSecretEnv([redisServer, "-"], sent), {});
  assert.deepEqual(engineSecretEnv([versitygw], { ROOT_ACCESS_KEY_ID: "short", ROOT_SECRET_ACCESS_KEY: "has space and more than twenty" }), {});
  assert.equal(host.allowsCommand("addons", request([versitygw, "--port", "127.0.0.1:1", "posix", "/x"])), true);
});
