import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RequestLog } from "./request-log.ts";

const line = (app: string, status: number, duration: number) => `${JSON.stringify({ level: "info", ts: 1, logger: `http.log.access.${app}`, msg: "handled request", duration, size: 2, status })}\n`;

function setUp(options: { truncateAtBytes?: number } = {}) {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-access-")), "access.log");
  writeFileSync(file, line("blog", 200, 0.001).repeat(5));
  return { file, log: new RequestLog({ file, ...options }) };
}

test("counts each app's requests by status class and latency from what was appended since the last read", () => {
  const { file, log } = setUp();
  const apps = new Set(["blog", "shop"]);
  assert.equal(log.read(apps, 0).size, 0, "lines from before the daemon started are not counted");
  appendFileSync(file, line("blog", 200, 0.004) + line("blog", 503, 0.2) + line("shop", 404, 0.02) + line("ghost", 200, 1) + "not json\n" + line("blog", 301, 0.003).slice(0, 20));
  const first = log.read(apps, 10_000);
  assert.deepEqual(first.get("blog")?.total, { "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 1 });
  const last = first.get("blog")?.last;
  assert.deepEqual({ ...last, durationSum: Math.round((last?.durationSum ?? 0) * 1000) }, { requests: 2, errors: 1, durationSum: 204, seconds: 10 });
  assert.equal(first.get("blog")?.buckets[0], 1, "4 ms: the 5 ms bucket");
  assert.equal(first.get("blog")?.buckets[5], 1, "200 ms: the 250 ms bucket");
  assert.deepEqual(first.get("shop")?.total, { "2xx": 0, "3xx": 0, "4xx": 1, "5xx": 0 });
  assert.equal(first.has("ghost"), false, "a logger of no known app is ignored");
  appendFileSync(file, line("blog", 301, 0.003).slice(20));
  const second = log.read(apps, 20_000);
  assert.equal(second.get("blog")?.total["3xx"], 1, "a line written in two parts is counted once complete");
  assert.equal(second.get("blog")?.last.requests, 1, "the last interval counts only the new line");
  assert.equal(second.get("blog")?.total["2xx"], 1, "totals go on adding up");
});

test("the file is emptied once read past its bound, and counting goes on", () => {
  const { file, log } = setUp({ truncateAtBytes: 2000 });
  const apps = new Set(["blog"]);
  log.read(apps, 0);
  appendFileSync(file, line("blog", 200, 0.01).repeat(30));
  assert.equal(log.read(apps, 1000).get("blog")?.total["2xx"], 30);
  assert.equal(statSync(file).size, 0, "emptied after reading past 2000 bytes");
  appendFileSync(file, line("blog", 500, 0.01));
  assert.deepEqual(log.read(apps, 2000).get("blog")?.total, { "2xx": 30, "3xx": 0, "4xx": 0, "5xx": 1 });
});

test("an app that is gone is forgotten", () => {
  const { file, log } = setUp();
  log.read(new Set(["blog"]), 0);
  appendFileSync(file, line("blog", 200, 0.01));
  assert.equal(log.read(new Set(["blog"]), 1000).size, 1);
  assert.equal(log.read(new Set(), 2000).size, 0);
});
