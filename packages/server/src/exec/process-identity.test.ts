import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { identifyProcess, isStillRunning } from "./process-identity.ts";

test("recognises a running process and notices when it is gone", async () => {
  const child = spawn("sleep", ["30"]);
  const identity = identifyProcess(child.pid as number);
  assert.ok(identity);
  assert.equal(isStillRunning(identity), true);
  assert.equal(isStillRunning({ ...identity, startTicks: "1" }), false, "a reused pid has another start time");
  child.kill("SIGKILL");
  await once(child, "exit");
  assert.equal(isStillRunning(identity), false);
});
