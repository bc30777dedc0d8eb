import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error, renderDeployEvent } from "@hop3/contract";
import { runCommand } from "../exec/run-command.ts";
import { buildTimeLimit, formatDuration, startDeadline } from "./build-deadline.ts";

const server = { ms: 1_800_000, setting: "build-timeout (HOP3_BUILD_TIMEOUT)" };

test("the server's limit applies unless hop3.toml [build] timeout lowers it", () => {
  assert.deepEqual(buildTimeLimit(server, null), { ms: 1_800_000, source: "server setting build-timeout (HOP3_BUILD_TIMEOUT)", fromApp: false, capped: null });
  assert.deepEqual(buildTimeLimit(server, 60_000), { ms: 60_000, source: "hop3.toml [build] timeout", fromApp: true, capped: null });
});

test("hop3.toml cannot raise the limit above the server's: the server's applies, with a warning naming both", () => {
  const limit = buildTimeLimit(server, 7_200_000);
  assert.equal(limit.ms, 1_800_000);
  assert.ok(limit.capped !== null);
  assert.deepEqual(renderDeployEvent(limit.capped), [{ stream: "stderr", text: "warning: hop3.toml [build] timeout (2h) is above the server's build time limit; the server's 30m applies (build-timeout (HOP3_BUILD_TIMEOUT))." }]);
});

test("at the limit, the running command's whole tree is killed and the signal carries BUILD_TIMED_OUT naming the limit and where it is set", async () => {
  const deadline = startDeadline("blog", { ms: 200, source: "hop3.toml [build] timeout", fromApp: true, capped: null });
  const result = await runCommand({ argv: ["sh", "-c", "sleep 30 & sleep 30"], cwd: "/", env: { PATH: "/usr/bin:/bin" }, signal: deadline.signal });
  deadline.clear();
  assert.equal(result.signal, "SIGKILL");
  const reason = deadline.signal.reason as Hop3Error;
  assert.ok(reason instanceof Hop3Error);
  assert.equal(reason.code, "BUILD_TIMED_OUT");
  assert.equal(reason.message, "The build of blog did not finish within 0.2s (hop3.toml [build] timeout); it was stopped with every process it started.");
  assert.match(reason.hint, /\[build\] timeout/);
});

test("a cleared deadline never fires", async () => {
  const deadline = startDeadline("blog", { ms: 1, source: "x", fromApp: false, capped: null });
  deadline.clear();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(deadline.signal.aborted, false);
});

test("durations read as hop3.toml writes them", () => {
  assert.deepEqual([formatDuration(5000), formatDuration(1_800_000), formatDuration(7_200_000)], ["5s", "30m", "2h"]);
});
