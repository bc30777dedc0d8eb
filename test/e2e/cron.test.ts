import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppInfo, CronJobList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

const app = "cron-app";

describe("scheduled jobs: Procfile cron lines, cron:list, cron:run, no overlap", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    hop3 = await Hop3Fixture.start();
    const deployed = await hop3.cli(["deploy", "--app", app, copySample(app)]);
    assert.equal(deployed.code, 0, `deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
  });
  after(async () => {
    await hop3?.close();
  });

  const cronList = async () => JSON.parse((await hop3.cli(["cron:list", app, "--json"])).stdout) as CronJobList;
  const cronLogs = async () => (await hop3.cli(["logs", app, "-p", "cron", "-n", "500", "--no-timestamps"])).stdout;

  test("cron:list shows the Procfile's jobs, named in order, with their schedules and next runs", async () => {
    const text = await hop3.cli(["cron:list", app]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^JOB +SCHEDULE +NEXT RUN \(UTC\) +LAST RUN \(UTC\) +RESULT +RUNNING +COMMAND$/m);
    assert.match(text.stdout, /^cron\.1 +\* \* \* \* \* +\d{4}-\d\d-\d\d \d\d:\d\d:00 .*echo "tick/m);

    const list = await cronList();
    assert.equal(list.paused, false);
    assert.deepEqual(list.jobs.map((job) => [job.name, job.schedule]), [["cron.1", "* * * * *"], ["cron.2", "* * * * *"]]);
    const next = Date.parse(list.jobs[0]?.nextRun ?? "");
    assert.ok(next > Date.now() - 1000 && next <= Date.now() + 60_000, `next run ${list.jobs[0]?.nextRun} is within the coming minute`);

    const openapi = JSON.parse((await hop3.api("/openapi.json")).body) as { paths: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(openapi.paths["/v1/apps/{app}/cron"] ?? {}), ["get"]);
    assert.deepEqual(Object.keys(openapi.paths["/v1/apps/{app}/cron/{job}/runs"] ?? {}), ["post"]);
  });

  test("cron:run runs a job now, as the app with its config vars, and its output is in `hop3 logs -p cron`", async () => {
    const set = await hop3.cli(["config:set", app, "T_WHO=operator", "--no-restart"]);
    assert.equal(set.code, 0, set.stderr);
    const run = await hop3.cli(["cron:run", app, "cron.1"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Ran cron\.1: exit code 0 in \d+\.\ds\.$/m);

    const info = JSON.parse((await hop3.cli(["apps:info", app, "--json"])).stdout) as AppInfo;
    const logs = await cronLogs();
    assert.match(logs, new RegExp(`^cron\\.1 v\\d+ \\| tick \\d+ as ${info.unixUser} operator$`, "m"));
    assert.match(logs, /^cron\.1 \| \[hop3\] cron\.1 started \(hop3 cron:run\): echo "tick/m);
    assert.match(logs, /^cron\.1 \| \[hop3\] cron\.1 finished: exit code 0 after \d+\.\ds$/m);
    const stamped = (await hop3.cli(["logs", app, "-p", "cron"])).stdout;
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z cron\.1 v\d+ \| tick \d+ as /m, "a job's output is timestamped line by line, like the processes'");
    const last = (await cronList()).jobs[0]?.lastRun;
    assert.equal(last?.exitCode, 0);
  });

  test("a Procfile with an invalid schedule fails the deploy, naming the line; the previous release keeps serving", async () => {
    const source = copySample(app);
    writeFileSync(join(source, "Procfile"), "web: python3 web.py\n# nightly report\ncron: 61 * * * * ./report.sh\n");
    const deployed = await hop3.cli(["deploy", "--app", app, source]);
    assert.notEqual(deployed.code, 0);
    assert.match(deployed.stdout + deployed.stderr, /Procfile line 3: invalid cron schedule "61 \* \* \* \*": minute 61 is out of range \(minute is 0-59\)/);

    const served = await hop3.viaProxy(app);
    assert.equal(served.status, 200);
    assert.match(served.body, /^release 1\n/);
    assert.deepEqual((await cronList()).jobs.map((job) => job.name), ["cron.1", "cron.2"], "the serving release's jobs are unchanged");
  });

  test("ps:stop APP cron pauses the jobs and ps:start resumes them", async () => {
    const stop = await hop3.cli(["ps:stop", app, "cron"]);
    assert.equal(stop.code, 0, stop.stderr);
    const paused = await cronList();
    assert.equal(paused.paused, true);
    assert.deepEqual(paused.jobs.map((job) => job.nextRun), [null, null]);
    assert.match((await hop3.cli(["cron:list", app])).stdout, /cron-app's jobs are paused \(hop3 ps:stop\)/);
    assert.equal((await hop3.viaProxy(app)).status, 200, "the web process keeps serving");

    const start = await hop3.cli(["ps:start", app, "cron"]);
    assert.equal(start.code, 0, start.stderr);
    const resumed = await cronList();
    assert.equal(resumed.paused, false);
    assert.ok(resumed.jobs.every((job) => job.nextRun !== null));
  });

  test("within a minute the every-minute job runs on its own, and a job still running is not started again", { timeout: 90_000 }, async () => {
    // cron.2 sleeps 150 s: started now (or already by its schedule), it is still going at the next minute.
    const first = await hop3.cli(["cron:run", app, "cron.2", "--detach"]);
    assert.ok(first.code === 0 || /already running/.test(first.stderr), first.stderr);
    const second = await hop3.cli(["cron:run", app, "cron.2"]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /^error: Cron job cron\.2 of "cron-app" is already running \(started at .*\); runs of a job never overlap\.$/m);
    assert.notEqual((await cronList()).jobs[1]?.running, null);

    let logs = "";
    const deadline = Date.now() + 65_000;
    const scheduledRun = /^cron\.1 \| \[hop3\] cron\.1 started \(schedule "\* \* \* \* \*"\)/m;
    const skipped = /^cron\.2 \| \[hop3\] cron\.2 skipped the run due at \S+: the run started at \S+ is still going/m;
    while (Date.now() < deadline && !(scheduledRun.test(logs) && skipped.test(logs) && /tick.*\n.*tick/s.test((await hop3.viaProxy(app)).body))) {
      await sleep(1000);
      logs = await cronLogs();
    }
    assert.match(logs, scheduledRun);
    assert.match(logs, skipped);
    assert.equal(logs.match(/^cron\.2 v\d+ \| slow start$/gm)?.length, 1, `one run of cron.2 at a time:\n${logs}`);
    const ticks = (await hop3.viaProxy(app)).body.split("\n").filter((line) => line.startsWith("tick"));
    assert.ok(ticks.length >= 2, `the manual and the scheduled run both wrote to the data directory:\n${ticks.join("\n")}`);
  });

  test("a run going when the server restarts keeps running, and the new server still refuses an overlapping run", async () => {
    const before = (await cronList()).jobs[1]?.running;
    assert.notEqual(before, null, "cron.2 is running");
    await hop3.stopServer();
    await hop3.startServer();
    const after = (await cronList()).jobs[1]?.running;
    assert.deepEqual(after, before, "the new server adopted the run");
    const again = await hop3.cli(["cron:run", app, "cron.2"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already running/);
  });
});
