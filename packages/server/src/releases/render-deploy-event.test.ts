import { test } from "node:test";
import assert from "node:assert/strict";
import { renderDeployEvent } from "./render-deploy-event.ts";

test("a deploy waiting for a build slot says how many builds are ahead and which setting sets the slots", () => {
  assert.deepEqual(renderDeployEvent({ type: "queued", ahead: 2, slots: 1, setting: "build-slots (HOP3_BUILD_SLOTS)" }), [
    "-----> Waiting for a build slot (2 ahead; this server runs 1 build at a time, server setting build-slots (HOP3_BUILD_SLOTS))",
  ]);
});

test("truncated output is one warning naming the limit and its setting", () => {
  assert.deepEqual(renderDeployEvent({ type: "output-truncated", limitBytes: 10 * 1024 * 1024, setting: "deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX)" }), [
    "warning: Output truncated: more than 10 MiB of output; the rest is not shown or kept, the deploy goes on (limit: server setting deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX))",
  ]);
});
