import { test } from "node:test";
import assert from "node:assert/strict";
import { renderDeployProgress } from "./deploy-progress.ts";

test("shows a deploy waiting for a build slot, and truncated output as a warning, with the server's words", () => {
  assert.deepEqual(renderDeployProgress({ type: "queued", ahead: 1, slots: 2, setting: "build-slots (HOP3_BUILD_SLOTS)" }), {
    stream: "stdout",
    text: "-----> Waiting for a build slot (1 ahead; this server runs 2 builds at a time, server setting build-slots (HOP3_BUILD_SLOTS))",
  });
  assert.deepEqual(renderDeployProgress({ type: "output-truncated", limitBytes: 1024 * 1024, setting: "deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX)" }), {
    stream: "stderr",
    text: "warning: Output truncated: more than 1 MiB of output; the rest is not shown or kept, the deploy goes on (limit: server setting deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX))",
  });
});
