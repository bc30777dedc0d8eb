import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppInfo, AppList, ProcessList, ReleaseList } from "@hop3/contract";
import { Hop3Fixture, type CliResult } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { baseEnv, run, SshdFixture } from "./support/sshd-fixture.ts";

/** A copy of test/apps/release-app (it counts visits in its data directory) at a version. */
function releaseApp(version: string): string {
  const dir = copySample("release-app");
  writeFileSync(join(dir, "VERSION"), `${version}\n`);
  return dir;
}

const output = (result: CliResult) => `${result.stdout}\n${result.stderr}`;

describe("apps:rename and apps:clone keep config, domains and data", () => {
  let hop3: Hop3Fixture;
  const body = async (app: string, path = "/") => (await hop3.viaProxy(app, path)).body;
  const json = async <T>(args: readonly string[]): Promise<T> => {
    const result = await hop3.cli([...args, "--json"]);
    assert.equal(result.code, 0, output(result));
    return JSON.parse(result.stdout) as T;
  };
  const appNames = async () => (await json<AppList>(["apps"])).apps.map((app) => app.name).sort();

  before(async () => {
    hop3 = await Hop3Fixture.start();
    const deployed = await hop3.cli(["deploy", "--app", "shop", releaseApp("v1")]);
    assert.equal(deployed.code, 0, output(deployed));
    const set = await hop3.cli(["config:set", "shop", "GREETING=bonjour"]);
    assert.equal(set.code, 0, output(set));
    assert.equal(await body("shop", "/visits"), "1");
    assert.equal(await body("shop", "/visits"), "2");
    assert.equal(await body("shop"), "bonjour from release-app v1");
    const home = await hop3.cli(["run", "shop", "--", "sh", "-c", 'mkdir -p "$HOME/.config" && echo kept > "$HOME/.config/state"']);
    assert.equal(home.code, 0, output(home));
  });
  const homeFile = async (app: string) => (await hop3.cli(["run", app, "--", "sh", "-c", 'echo "$HOME"; cat "$HOME/.config/state"'])).stdout;
  after(async () => {
    await hop3?.close();
  });

  test("rename refuses a taken or invalid name, an unknown app, and changes nothing", async () => {
    const created = await hop3.cli(["apps:create", "taken"]);
    assert.equal(created.code, 0, output(created));
    const taken = await hop3.cli(["apps:rename", "shop", "taken"]);
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, /error: App "taken" already exists/);
    const invalid = await hop3.cli(["apps:rename", "shop", "Bad_Name"]);
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /error: .*Bad_Name/);
    const unknown = await hop3.cli(["apps:rename", "nope", "other"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /error: App "nope" does not exist/);
    const api = await hop3.api("/v1/apps/shop/rename", "POST", { name: "-bad" });
    assert.equal(api.status, 400, api.body);
    assert.deepEqual(await appNames(), ["shop", "taken"]);
    assert.equal(await body("shop"), "bonjour from release-app v1");
    const destroyed = await hop3.cli(["apps:destroy", "taken", "--yes"]);
    assert.equal(destroyed.code, 0, output(destroyed));
  });

  test("rename: the new hostname serves with the same config var and data; the old one no longer routes", async () => {
    const before = await json<AppInfo>(["apps:info", "shop"]);
    const renamed = await hop3.cli(["apps:rename", "shop", "store"]);
    assert.equal(renamed.code, 0, output(renamed));
    assert.match(renamed.stdout, /Renaming shop to store/);
    assert.match(renamed.stdout, /Building release 2 of shop again as release 3 of store/);
    assert.match(renamed.stdout, new RegExp(`Renamed; store is live at http://store\\.localhost:${hop3.httpPort}/`));

    assert.equal(await body("store"), "bonjour from release-app v1");
    assert.equal(await body("store", "/visits"), "3", "the data directory came along");
    const old = await hop3.viaProxy("shop");
    assert.equal(old.status, 404);
    assert.match(old.body, /No app at shop\.localhost/);
    assert.deepEqual(await appNames(), ["store"]);

    const info = await json<AppInfo>(["apps:info", "store"]);
    assert.equal(info.unixUser, before.unixUser, "the app keeps its Unix account");
    const config = await hop3.cli(["config:get", "store", "GREETING"]);
    assert.equal(config.stdout.trim(), "bonjour");
    assert.equal(await homeFile("store"), `${join(hop3.home, "apps", "store", "home")}\nkept\n`, "HOME moved with the app, its files kept");
    const gone = await hop3.cli(["ps", "shop"]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /App "shop" does not exist/);
  });

  test("after a rename, ps and releases work under the new name and the history is kept", async () => {
    const ps = await json<ProcessList>(["ps", "store"]);
    assert.deepEqual(ps.instances.map((i) => [i.type, i.state, i.release]), [["web", "running", 3]]);
    const releases = await json<ReleaseList>(["releases", "store"]);
    assert.deepEqual(releases.releases.map((r) => [r.number, r.status]), [[3, "succeeded"], [2, "superseded"], [1, "superseded"]]);
    const out = await hop3.cli(["releases:output", "store", "1"]);
    assert.equal(out.code, 0, output(out));
    assert.match(out.stdout, /Detected a python app/, "earlier releases' output is kept");
  });

  test("after a rename, a server restart adopts the processes under the new name, and a redeploy works", async () => {
    const pid = (await json<ProcessList>(["ps", "store"])).instances[0]?.pid;
    await hop3.stopServer();
    await hop3.startServer();
    const adopted = await json<ProcessList>(["ps", "store"]);
    assert.equal(adopted.instances[0]?.pid, pid);
    assert.equal(await body("store", "/visits"), "4");

    const redeployed = await hop3.cli(["deploy", "--app", "store", releaseApp("v2")]);
    assert.equal(redeployed.code, 0, output(redeployed));
    assert.equal(await body("store"), "bonjour from release-app v2");
    assert.equal(await body("store", "/visits"), "5");
  });

  test("clone: both apps serve; the clone has the config var and a copy of the data, its own account", async () => {
    const cloned = await hop3.cli(["apps:clone", "store", "store-copy"]);
    assert.equal(cloned.code, 0, output(cloned));
    assert.match(cloned.stdout, /Cloning store as store-copy/);
    assert.match(cloned.stdout, /Cloned; store-copy is live at/);

    assert.equal(await body("store-copy"), "bonjour from release-app v2");
    assert.equal(await body("store"), "bonjour from release-app v2");
    assert.equal(await body("store-copy", "/visits"), "6", "the clone starts from a copy of the data");
    assert.equal(await homeFile("store-copy"), `${join(hop3.home, "apps", "store-copy", "home")}\nkept\n`, "and of HOME");
    assert.equal(await body("store-copy", "/visits"), "7");
    assert.equal(await body("store", "/visits"), "6", "a write in the clone does not change the source's data");

    const source = await json<AppInfo>(["apps:info", "store"]);
    const clone = await json<AppInfo>(["apps:info", "store-copy"]);
    assert.notEqual(clone.unixUser, source.unixUser);
    assert.equal(clone.release, 1);
    assert.equal(source.release, 4, "the source got no new release");
    assert.notEqual(clone.instances[0]?.port, source.instances[0]?.port);
    assert.equal((await hop3.cli(["config:get", "store-copy", "GREETING"])).stdout.trim(), "bonjour");

    // The copy's config is its own.
    const set = await hop3.cli(["config:set", "store-copy", "GREETING=hallo"]);
    assert.equal(set.code, 0, output(set));
    assert.equal(await body("store-copy"), "hallo from release-app v2");
    assert.equal(await body("store"), "bonjour from release-app v2");
  });

  test("clone refuses a taken name and prints JSON with --json", async () => {
    const taken = await hop3.cli(["apps:clone", "store", "store-copy"]);
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, /App "store-copy" already exists/);
    const cloned = await hop3.cli(["apps:clone", "store-copy", "third", "--json"]);
    assert.equal(cloned.code, 0, output(cloned));
    const event = JSON.parse(cloned.stdout) as { type: string; app: string; release: number };
    assert.deepEqual([event.type, event.app, event.release], ["succeeded", "third", 1]);
    assert.match(cloned.stderr, /Cloning store-copy as third/);
    assert.equal(await body("third"), "hallo from release-app v2");
    const destroyed = await hop3.cli(["apps:destroy", "third", "--yes"]);
    assert.equal(destroyed.code, 0, output(destroyed));
  });

  test("a rename whose build fails puts everything back: the app keeps its name, config, data and hostname", async () => {
    const dir = releaseApp("v-flaky");
    writeFileSync(join(dir, "Procfile"), 'web: python3 app.py\nrelease: test "$FAIL" != yes\n');
    const deployed = await hop3.cli(["deploy", "--app", "flaky", dir]);
    assert.equal(deployed.code, 0, output(deployed));
    assert.equal(await body("flaky", "/visits"), "1");
    // A config change restarts the build without its release phase; the rename's build runs it.
    const set = await hop3.cli(["config:set", "flaky", "FAIL=yes"]);
    assert.equal(set.code, 0, output(set));
    const renamed = await hop3.cli(["apps:rename", "flaky", "steady"]);
    assert.notEqual(renamed.code, 0);
    assert.match(renamed.stderr, /warning: flaky keeps its name and keeps serving; nothing was renamed/);
    assert.match(renamed.stderr, /error: The release command `test "\$FAIL" != yes` exited with code 1/);
    assert.ok(!(await appNames()).includes("steady"));
    assert.equal((await hop3.viaProxy("steady")).status, 404);
    assert.equal(await body("flaky"), "hello from release-app v-flaky");
    assert.equal(await body("flaky", "/visits"), "2", "the data is back in place");
    assert.equal((await hop3.cli(["config:get", "flaky", "FAIL"])).stdout.trim(), "yes");
    const unset = await hop3.cli(["config:unset", "flaky", "FAIL"]);
    assert.equal(unset.code, 0, output(unset));
    const retried = await hop3.cli(["apps:rename", "flaky", "steady"]);
    assert.equal(retried.code, 0, output(retried));
    assert.equal(await body("steady", "/visits"), "3");
  });

  test("a process type stopped with ps:stop stays stopped across a rename", async () => {
    const stopped = await hop3.cli(["ps:stop", "store-copy"]);
    assert.equal(stopped.code, 0, output(stopped));
    const renamed = await hop3.cli(["apps:rename", "store-copy", "copy2"]);
    assert.equal(renamed.code, 0, output(renamed));
    const ps = await json<ProcessList>(["ps", "copy2"]);
    assert.deepEqual(ps.instances.map((i) => [i.type, i.state]), [["web", "stopped"]]);
    assert.equal((await hop3.viaProxy("copy2")).status, 503);
    const started = await hop3.cli(["ps:start", "copy2"]);
    assert.equal(started.code, 0, output(started));
    let page = await hop3.viaProxy("copy2");
    for (let i = 0; i < 50 && page.status !== 200; i++) {
      await sleep(100);
      page = await hop3.viaProxy("copy2");
    }
    assert.equal(page.body, "hallo from release-app v2");
  });
});

describe("apps:rename and git push", () => {
  let hop3: Hop3Fixture;
  let sshd: SshdFixture;
  let key: string;

  before(async () => {
    hop3 = await Hop3Fixture.start();
    sshd = await SshdFixture.start(hop3.sshUser);
    key = sshd.newClientKey("laptop");
    const added = await hop3.cli(["keys:add", "laptop", `${key}.pub`]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    await sshd?.stop();
    await hop3?.close();
  });

  const push = (dir: string, app: string) => sshd.git(key, ["push", sshd.remote(app), "main"], { cwd: dir });

  test("pushes to the new name deploy the renamed app; the old name is gone", async () => {
    const dir = copySample("static-site", { git: true });
    const first = await push(dir, "site");
    assert.equal(first.code, 0, output(first));
    const renamed = await hop3.cli(["apps:rename", "site", "pages"]);
    assert.equal(renamed.code, 0, output(renamed));
    assert.match((await hop3.viaProxy("pages")).body, /Hello from static-site/);
    const releases = JSON.parse((await hop3.cli(["releases", "pages", "--json"])).stdout) as ReleaseList;
    assert.deepEqual(releases.releases.map((r) => [r.number, r.source]), [[2, "git"], [1, "git"]]);

    writeFileSync(join(dir, "index.html"), "<h1>Hello after the rename</h1>\n");
    assert.equal((await run("git", ["commit", "-q", "-am", "change"], { cwd: dir, env: baseEnv(dir) })).code, 0);
    const pushed = await push(dir, "pages");
    assert.equal(pushed.code, 0, output(pushed));
    assert.match(pushed.stderr, /main -> main/, "the new name's repository had the earlier commit: a fast-forward");
    assert.doesNotMatch(pushed.stderr, /\[new branch\]/);
    assert.match((await hop3.viaProxy("pages")).body, /Hello after the rename/);

    // The old name is free: a push there creates a new app, with a repository and account of its own.
    const old = await push(dir, "site");
    assert.equal(old.code, 0, output(old));
    assert.match(old.stderr, /\[new branch\]/);
    const site = JSON.parse((await hop3.cli(["apps:info", "site", "--json"])).stdout) as AppInfo;
    const pages = JSON.parse((await hop3.cli(["apps:info", "pages", "--json"])).stdout) as AppInfo;
    assert.equal(site.release, 1);
    assert.notEqual(site.unixUser, pages.unixUser, "the renamed app kept its account: the new app gets another one");
  });
});
