import { test } from "node:test";
import assert from "node:assert/strict";
import { asServiceAccount } from "./as-service-account.ts";

void test("runs a service as its account with no capability when its ports are 1024 and up", () => {
  const argv = asServiceAccount(["caddy", "run"], { uid: 990, gid: 985 }, { bindLowPorts: false });
  assert.deepEqual(argv, ["/usr/bin/setpriv", "--reuid=990", "--regid=985", "--clear-groups", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--", "caddy", "run"]);
});

void test("keeps only CAP_NET_BIND_SERVICE, ambient, for a service that listens below 1024", () => {
  const argv = asServiceAccount(["caddy", "run"], { uid: 990, gid: 985 }, { bindLowPorts: true });
  assert.ok(argv.includes("--ambient-caps=-all,+net_bind_service"));
  assert.ok(argv.includes("--bounding-set=-all,+net_bind_service"));
  assert.ok(argv.includes("--no-new-privs"));
  assert.deepEqual(argv.slice(-3), ["--", "caddy", "run"]);
});
