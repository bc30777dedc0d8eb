import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogPatternWatch } from "./log-pattern-watch.ts";
import { evaluateRules } from "./alert-rules.ts";

test("lines appended after the first scan that match the app's pattern are caught; older lines and other files are not", () => {
  const logDir = mkdtempSync(join(tmpdir(), "hop3-logwatch-"));
  writeFileSync(join(logDir, "web.1.log"), "old FATAL line\n");
  writeFileSync(join(logDir, "release-3.log"), "");
  const watch = new LogPatternWatch();
  const apps = [{ app: "blog", pattern: "FATAL|OutOfMemory", logDir }];
  watch.scan(apps, 1000);
  assert.equal(watch.lastMatch("blog"), undefined, "lines from before the first scan do not alert");
  appendFileSync(join(logDir, "web.1.log"), "all fine\nweb: FATAL: cannot reach the database\n");
  appendFileSync(join(logDir, "release-3.log"), "FATAL in a build log\n");
  writeFileSync(join(logDir, "worker.1.log"), "java.lang.OutOfMemory\u0007Error\n");
  watch.scan(apps, 2000);
  assert.deepEqual(watch.lastMatch("blog"), { pattern: "FATAL|OutOfMemory", line: "java.lang.OutOfMemory\u0007Error", atMs: 2000 }, "a log file that appeared after the first scan is read from its start");
  watch.scan(apps, 3000);
  assert.equal(watch.lastMatch("blog")?.atMs, 2000, "nothing new: the match is not renewed");
  watch.scan([], 4000);
  assert.equal(watch.lastMatch("blog"), undefined, "an app without a pattern any more is forgotten");
});

test("an app whose pattern came with a release made while the watch runs: its lines since that release alert at the first scan, older ones do not", () => {
  const logDir = mkdtempSync(join(tmpdir(), "hop3-logwatch-"));
  const watch = new LogPatternWatch(Date.parse("2026-12-03T10:00:00.000Z"));
  writeFileSync(
    join(logDir, "web.1.log"),
    ["2026-12-03T10:04:59.000Z v1 | FATAL before the release", "no stamp FATAL", "2026-12-03T10:05:01.000Z v2 | FATAL: cannot reach the database", "2026-12-03T10:05:02.000Z v2 | all fine", ""].join("\n"),
  );
  const apps = [{ app: "blog", pattern: "FATAL", logDir, sinceMs: Date.parse("2026-12-03T10:05:00.000Z") }];
  watch.scan(apps, 1000);
  assert.equal(watch.lastMatch("blog")?.line, "2026-12-03T10:05:01.000Z v2 | FATAL: cannot reach the database");
  const restarted = new LogPatternWatch(Date.parse("2026-12-03T11:00:00.000Z"));
  restarted.scan(apps, 2000);
  assert.equal(restarted.lastMatch("blog"), undefined, "a watch started after the release (a server restart) reads from the end");
});

test("the log-pattern rule's notice names the pattern and the line, without its control characters", () => {
  const conditions = evaluateRules({
    apps: [{ name: "blog", failedInstances: [], failedRelease: null, down: null, nearMemoryLimit: [], logMatch: { pattern: "FATAL", line: "FATAL\u001b[31m boom\r\nX-Injected: 1" } }],
    disk: null,
    thresholds: { diskPercent: 90, memoryPercent: 90 },
  });
  assert.deepEqual(conditions.map((c) => [c.key, c.rule]), [["log-pattern:blog", "log-pattern"]]);
  assert.doesNotMatch(conditions[0]?.summary ?? "", /[\u0000-\u001f]/);
  assert.match(conditions[0]?.summary ?? "", /^blog: a log line matched \/FATAL\/: FATAL \[31m boom  X-Injected: 1 \(hop3 logs blog\)$/);
});
