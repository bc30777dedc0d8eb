import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProcessList, ReleaseList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { steadyLoad } from "./support/steady-load.ts";

/** A copy of test/apps/release-app with its version, greeting, health and extra files set. */
function releaseApp(version: string, options: { greeting?: string; health?: string; files?: Record<string, string> } = {}): string {
  const dir = copySample("release-app");
  writeFileSync(join(dir, "VERSION"), `${version}\n`);
  writeFileSync(join(dir, "ENV"), `GREETING=${options.greeting ?? "hello"}\n`);
  writeFileSync(join(dir, "HEALTH"), `${options.health ?? "ok"}\n`);
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), content);
  return dir;
}

describe("releases: health-checked zero-downtime deploys and rollback", () => {
  let hop3: Hop3Fixture;
  const deploy = async (dir: string) => hop3.cli(["deploy", "--app", "rel", dir]);
  const body = async () => (await hop3.viaProxy("rel")).body;

  before(async () => {
    hop3 = await Hop3Fixture.start();
    const first = await deploy(releaseApp("v1", { greeting: "one" }));
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Checking GET \/health \(hop3\.toml \[healthcheck\]\)/);
  });
  after(async () => {
    await hop3?.close();
  });

  test("a release whose health check answers 500 fails, and the previous release keeps serving", async () => {
    const result = await deploy(releaseApp("v-sick", { health: "sick" }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /is not healthy: health check hop3\.toml \[healthcheck\] failed after 3 attempts: GET \/health answered 500/);
    assert.equal(await body(), "one from release-app v1");
  });

  test("a release whose process crashes on start fails, and the previous release keeps serving", async () => {
    const result = await deploy(releaseApp("v-crash", { files: { Procfile: "web: python3 -c 'raise SystemExit(3)'\n" } }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /exited while starting/);
    assert.equal(await body(), "one from release-app v1");
  });

  test("a release whose release command exits 1 fails before any switch", async () => {
    const result = await deploy(releaseApp("v-migrate", { files: { Procfile: "web: python3 app.py\nrelease: echo migrating; exit 1\n" } }));
    assert.notEqual(result.code, 0);
    assert.match(result.stdout, /Running release command: echo migrating; exit 1/);
    assert.match(result.stdout, /migrating/);
    assert.match(result.stderr, /The release command `echo migrating; exit 1` exited with code 1/);
    assert.equal(await body(), "one from release-app v1");
  });

  test("a failing postdeploy command switches the app back to its previous release", async () => {
    const appJson = JSON.stringify({ scripts: { dokku: { postdeploy: "exit 4" } } });
    const result = await deploy(releaseApp("v-post", { files: { "app.json": appJson } }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /postdeploy command `exit 4` exited with code 4/);
    assert.equal(await body(), "one from release-app v1");
  });

  test("a release command runs with the new build before the switch", async () => {
    const result = await deploy(releaseApp("v2", { greeting: "two", files: { Procfile: "web: python3 app.py\nrelease: cat VERSION && echo \"greeting=$GREETING\"\n" } }));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\n\s+v2\n\s+greeting=two\n/);
    assert.equal(await body(), "two from release-app v2");
  });

  test("ten redeploys and a rollback under steady load fail no request", async () => {
    const load = steadyLoad({ port: hop3.httpPort, host: "rel.localhost", workers: 2 });
    for (let i = 3; i <= 12; i++) {
      const result = await deploy(releaseApp(`v${i}`, { greeting: "two" }));
      assert.equal(result.code, 0, result.stderr);
    }
    const rollback = await hop3.cli(["rollback", "rel"]);
    assert.equal(rollback.code, 0, rollback.stderr);
    const report = await load.stop();
    assert.ok(report.requests > 100, `enough requests were sent (${report.requests})`);
    assert.deepEqual({ failures: report.failures, samples: report.failureSamples }, { failures: 0, samples: [] });
    assert.ok(report.bodies.includes("two from release-app v12"));
    assert.equal(await body(), "two from release-app v11");
  });

  test("rollback returns an earlier release's body and environment in seconds, without a build", async () => {
    const list = JSON.parse((await hop3.cli(["releases", "rel", "--json"])).stdout) as ReleaseList;
    const v1 = list.releases.find((r) => r.number === 1);
    assert.equal(v1?.status, "superseded");
    assert.equal(v1?.buildKept, false, "release 1's build was pruned: only the newest 5 keep theirs");
    const refused = await hop3.cli(["rollback", "rel", "1"]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /was pruned/);

    const target = list.releases.find((r) => r.status === "superseded" && r.buildKept && r.source !== "rollback");
    assert.ok(target);
    const started = performance.now();
    const rollback = await hop3.cli(["rollback", "rel", String(target.number)]);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(rollback.code, 0, rollback.stderr);
    assert.ok(seconds < 15, `rollback took ${seconds}s`);
    assert.doesNotMatch(rollback.stdout, /Building|pip|virtualenv/);
    assert.match(await body(), new RegExp(`^two from release-app v${target.number - 4}$`));
    const after = JSON.parse((await hop3.cli(["releases", "rel", "--json"])).stdout) as ReleaseList;
    assert.equal(after.releases[0]?.current, true);
    assert.equal(after.releases[0]?.rollbackOf, target.number);
  });

  test("a file written to the data directory survives a redeploy and a rollback", async () => {
    const visits = async () => (await hop3.viaProxy("rel", "/visits")).body;
    const first = Number(await visits());
    assert.equal(Number(await visits()), first + 1);
    const deployed = await deploy(releaseApp("v-data", { greeting: "two" }));
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.equal(Number(await visits()), first + 2, "kept across a redeploy");
    const rolledBack = await hop3.cli(["rollback", "rel"]);
    assert.equal(rolledBack.code, 0, rolledBack.stderr);
    assert.equal(Number(await visits()), first + 3, "kept across a rollback");
  });

  test("lists releases with status and keeps each one's build output", async () => {
    const table = await hop3.cli(["releases", "rel"]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^RELEASE\s+STATUS\s+SOURCE/);
    assert.match(table.stdout, /\*v\d+\s+succeeded\s+rollback to v\d+/);
    // Releases 2 to 5 are the four failed deploys above; 6 is the one with a release command.
    assert.match(table.stdout, / v5\s+failed\s+upload\s+-/);
    assert.match(table.stdout, / v6\s+superseded\s+upload\s+python/);
    const output = await hop3.cli(["releases:output", "rel", "6"]);
    assert.equal(output.code, 0, output.stderr);
    assert.match(output.stdout, /Detected a python app[\s\S]*greeting=two[\s\S]*release 6 is live/);
    const failed = await hop3.cli(["releases:output", "rel", "3"]);
    assert.match(failed.stdout, /error: Process web\.1 .* exited while starting/);
  });

  test("after config:set returns, the replaced instance is listed as draining, then stopping, by ps and releases until it stops", { timeout: 90_000 }, async () => {
    // This release's web ignores SIGTERM: once drained it stays `stopping` for the server's stop-timeout (10 s), then SIGKILL.
    const held = await deploy(releaseApp("v-held", { greeting: "two", files: { Procfile: "web: trap '' TERM; exec python3 app.py\n" } }));
    assert.equal(held.code, 0, held.stderr);
    const old = (await hop3.instancesAfterDrain("rel"))[0]?.release;
    const set = await hop3.cli(["config:set", "rel", "DRAIN_CHECK=1"]);
    assert.equal(set.code, 0, set.stderr);
    const instances = (JSON.parse((await hop3.cli(["ps", "rel", "--json"])).stdout) as ProcessList).instances;
    const retiring = instances.filter((instance) => instance.release === old);
    assert.deepEqual(retiring.length, 1, JSON.stringify(instances));
    assert.ok(["draining", "stopping"].includes(retiring[0]?.state ?? ""), `the old instance is draining or stopping: ${JSON.stringify(instances)}`);
    assert.ok(instances.some((instance) => instance.release !== old && instance.state === "running"), "the new release serves");
    const list = JSON.parse((await hop3.cli(["releases", "rel", "--json"])).stdout) as ReleaseList;
    assert.equal(list.releases.find((release) => release.number === old)?.draining, 1);
    assert.equal(list.releases[0]?.draining, 0, "the serving release has nothing draining");
    const table = await hop3.cli(["releases", "rel"]);
    assert.match(table.stdout, /ROLLBACK\s+DRAINING/);
    assert.match(table.stdout, new RegExp(` v${old}\\s+superseded\\s.*\\s1\\s*$`, "m"));
    const table2 = await hop3.cli(["ps", "rel"]);
    assert.match(table2.stdout, /web\.1\s+(draining|stopping)\s/);

    assert.equal((await hop3.instancesAfterDrain("rel")).length, 1);
    const after = JSON.parse((await hop3.cli(["releases", "rel", "--json"])).stdout) as ReleaseList;
    assert.deepEqual(after.releases.filter((release) => release.draining > 0), []);
    assert.doesNotMatch((await hop3.cli(["releases", "rel"])).stdout, /DRAINING/);
  });

  test("the new instances run beside the old ones only during the switch and the drain", async () => {
    assert.equal((await hop3.instancesAfterDrain("rel")).length, 1);
  });

  test("redeploy builds the serving release's source again as the next release under steady load; one whose build now fails leaves it serving", { timeout: 180_000 }, async () => {
    const releasesNow = async () => (JSON.parse((await hop3.cli(["releases", "rel", "--json"])).stdout) as ReleaseList).releases;
    // Its build fails once the config var BREAK_BUILD is set: a build-time setting changed on the server.
    const deployed = await deploy(releaseApp("v-re", { greeting: "again", files: { Procfile: 'web: python3 app.py\nprebuild: test -z "$BREAK_BUILD"\n' } }));
    assert.equal(deployed.code, 0, deployed.stderr);
    const serving = (await releasesNow())[0];
    assert.ok(serving?.current);
    const load = steadyLoad({ port: hop3.httpPort, host: "rel.localhost", workers: 2 });
    const redeployed = await hop3.cli(["redeploy", "rel"]);
    const report = await load.stop();
    assert.equal(redeployed.code, 0, redeployed.stderr);
    const next = serving.number + 1;
    assert.match(redeployed.stdout, new RegExp(`Redeploying rel: release ${serving.number}'s source built again as release ${next}`));
    for (const built of [/Detected a python app/, /Running before hook: test -z "\$BREAK_BUILD"/]) assert.match(redeployed.stdout, built, "built again, hooks included");
    assert.ok(report.requests > 20, `enough requests were sent (${report.requests})`);
    assert.deepEqual({ failures: report.failures, samples: report.failureSamples }, { failures: 0, samples: [] });
    const after = (await releasesNow())[0];
    assert.deepEqual(
      { number: after?.number, current: after?.current, source: after?.source, gitSha: after?.gitSha, rollbackOf: after?.rollbackOf },
      { number: next, current: true, source: serving.source, gitSha: serving.gitSha, rollbackOf: null },
      "a new release of the same source, built (not a rollback)",
    );
    assert.equal(await body(), "again from release-app v-re");
    const output = await hop3.cli(["releases:output", "rel", String(next)]);
    assert.match(output.stdout, new RegExp(`^-----> Redeploying rel: release ${serving.number}'s source`, "m"), "its record says what it is a redeploy of");

    const set = await hop3.cli(["config:set", "rel", "BREAK_BUILD=1", "--no-restart"]);
    assert.equal(set.code, 0, set.stderr);
    const broken = await hop3.cli(["ps:rebuild", "rel"]);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /build hook "before": `test -z "\$BREAK_BUILD"` exited with code 1/);
    assert.equal(await body(), "again from release-app v-re", "the previous release keeps serving");
    const [failed, still] = await releasesNow();
    assert.deepEqual([failed?.number, failed?.status, still?.number, still?.current], [next + 1, "failed", next, true]);
    assert.equal((await hop3.cli(["config:unset", "rel", "BREAK_BUILD", "--no-restart"])).code, 0);

    assert.equal((await hop3.api("/v1/apps", "POST", { name: "rel-empty" })).status, 201);
    const never = await hop3.cli(["redeploy", "rel-empty"]);
    assert.notEqual(never.code, 0);
    assert.match(never.stderr, /App "rel-empty" has no release to redeploy/);
  });
});
