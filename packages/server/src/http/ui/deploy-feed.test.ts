import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ReleaseSummary } from "@hop3/contract";
import { followDeploys, type DeployFeedEvent } from "./deploy-feed.ts";

type Row = Pick<ReleaseSummary, "number" | "status" | "error">;

/** Polls until `done` holds (the feed polls files; no timed assertion, only a wait). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await sleep(5);
}

function feed(rows: Row[]) {
  const dir = mkdtempSync(join(tmpdir(), "deploy-feed-"));
  const events: DeployFeedEvent[] = [];
  const follower = followDeploys({ releases: () => rows, outputFile: (release) => join(dir, `${release}.log`) }, (event) => events.push(event), 5);
  return { dir, events, follower };
}

test("follows a deploy that begins after the page opened, line by line, then says how it ended", async () => {
  const rows: Row[] = [{ number: 1, status: "succeeded", error: null }];
  const { dir, events, follower } = feed(rows);
  writeFileSync(join(dir, "2.log"), "-----> Received 3 files\n");
  rows.unshift({ number: 2, status: "building", error: null });
  await until(() => events.some((event) => event.type === "line"));
  appendFileSync(join(dir, "2.log"), "=====> shop is live\n");
  rows[0] = { number: 2, status: "failed", error: "health check failed" };
  await until(() => events.some((event) => event.type === "done"));
  follower.stop();
  assert.deepEqual(events, [
    { type: "deploy", release: 2 },
    { type: "line", release: 2, text: "-----> Received 3 files" },
    { type: "line", release: 2, text: "=====> shop is live" },
    { type: "done", release: 2, status: "failed", error: "health check failed" },
  ]);
});

test("shows a deploy under way from its first line; past ones are not replayed", async () => {
  const { dir, events, follower } = feed([{ number: 4, status: "building", error: null }, { number: 3, status: "succeeded", error: null }]);
  writeFileSync(join(dir, "3.log"), "old\n");
  writeFileSync(join(dir, "4.log"), "first\n");
  await until(() => events.length >= 2);
  follower.stop();
  assert.deepEqual(events.slice(0, 2), [{ type: "deploy", release: 4 }, { type: "line", release: 4, text: "first" }]);
});

test("a deploy that begins and ends between two polls is still shown whole", async () => {
  const rows: Row[] = [];
  const { dir, events, follower } = feed(rows);
  writeFileSync(join(dir, "1.log"), "a\nb\n");
  rows.push({ number: 1, status: "succeeded", error: null });
  await until(() => events.some((event) => event.type === "done"));
  follower.stop();
  assert.deepEqual(events.map((event) => (event.type === "line" ? event.text : event.type)), ["deploy", "a", "b", "done"]);
});
