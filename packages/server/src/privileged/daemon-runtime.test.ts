import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { daemonEnv, daemonNodeFlags } from "./daemon-runtime.ts";

test("the daemon's Node flags are ones this Node accepts (an unknown flag would stop the daemon at start)", () => {
  // Node refuses to start on a flag it does not know ("bad option", exit 9): execFileSync throws.
  const out = execFileSync(process.execPath, [...daemonNodeFlags, "-e", "process.stdout.write('started')"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.equal(out, "started");
});

test("the daemon runs with one malloc arena unless the server's environment says otherwise", () => {
  assert.equal(daemonEnv({ HOME: "/var/lib/hop3" }).MALLOC_ARENA_MAX, "1");
  assert.equal(daemonEnv({ HOME: "/var/lib/hop3", MALLOC_ARENA_MAX: "4" }).MALLOC_ARENA_MAX, "4");
  assert.equal(daemonEnv({ HOME: "/var/lib/hop3" }).HOME, "/var/lib/hop3");
});
