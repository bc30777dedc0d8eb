import assert from "node:assert/strict";
import { test } from "node:test";
import type { CronJobList, CronRun } from "@hop3/contract";
import { runCli } from "../run-cli.ts";
import { captureIo } from "../test-support/capture-io.ts";
import { startFakeServer } from "../test-support/fake-server.ts";

const startedAt = "2026-11-23T10:00:00.000Z";

/** A server whose job is running for `polls` list requests, then ended with `last`. */
async function cronServer(last: Omit<CronRun, "job" | "startedAt" | "trigger">, polls = 1) {
  let listed = 0;
  return startFakeServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.method === "POST") {
      res.writeHead(202).end(JSON.stringify({ app: "shop", job: "cron.1", startedAt }));
      return;
    }
    listed += 1;
    const done = listed > polls;
    const list: CronJobList = {
      app: "shop",
      paused: false,
      jobs: [{ name: "cron.1", schedule: "@daily", command: "./report", nextRun: null, running: done ? null : { startedAt, trigger: "manual" }, lastRun: done ? { job: "cron.1", startedAt, trigger: "manual", ...last } : null }],
    };
    res.writeHead(200).end(JSON.stringify(list));
  });
}

test("cron:run waits for the run's end and reports its exit code", async (t) => {
  const server = await cronServer({ durationMs: 1500, exitCode: 0, signal: null, timedOut: false });
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" } });
  assert.equal(await runCli(["cron:run", "shop", "1"], capture.io), 0, capture.stderr());
  assert.equal(capture.stdout(), "Ran cron.1: exit code 0 in 1.5s.\n");
  assert.deepEqual(server.requests.map((req) => `${req.method} ${req.url}`).slice(0, 2), ["POST /v1/apps/shop/cron/1/runs", "GET /v1/apps/shop/cron"]);
});

test("cron:run exits 1 when the job fails, pointing to its logs", async (t) => {
  const server = await cronServer({ durationMs: 200, exitCode: 3, signal: null, timedOut: false }, 0);
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" } });
  assert.equal(await runCli(["cron:run", "shop", "cron.1"], capture.io), 1);
  assert.match(capture.stderr(), /^error: Cron job cron\.1 of "shop" exited with code 3 after 0\.2s\.$/m);
  assert.match(capture.stderr(), /^hint: Read its output with `hop3 logs shop -p cron`\.$/m);
});

test("cron:run --detach returns once the job has started", async (t) => {
  const server = await cronServer({ durationMs: 0, exitCode: 0, signal: null, timedOut: false });
  t.after(server.close);
  const capture = captureIo({ env: { HOP3_URL: server.url, HOP3_TOKEN: "t" } });
  assert.equal(await runCli(["cron:run", "shop", "cron.1", "--detach"], capture.io), 0);
  assert.equal(capture.stdout(), "Started cron.1 of shop; follow it with `hop3 logs shop -p cron`.\n");
  assert.equal(server.requests.length, 1);
});
