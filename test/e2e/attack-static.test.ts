import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProcessList } from "@hop3/contract";
import { daemonAccount } from "./support/daemon-account.ts";
import { Hop3Fixture, type HttpResult } from "./support/hop3-fixture.ts";
import { makeApp } from "./support/sample-apps.ts";

// Issue 11, class 3: links in a static root must not publish the host's files. The attacker's
// links are made by a build hook and by a chain of relative links in the upload that each look
// harmless on their own; the platform must serve none of their targets and keep serving.

const notServed = (answer: HttpResult, what: string) => {
  assert.ok(answer.status === 404 || answer.status === 403, `${what}: got ${answer.status}`);
  assert.doesNotMatch(answer.body, /root:[^:]*:\d+:|SQLite format 3|NEIGHBOUR-SOURCE|NEIGHBOUR-ENV/, what);
};

/** The hop3.toml of a static site served from public/; the [build] table may follow. */
const toml = (app: string) => `[metadata]\nid = "${app}"\n\n[static]\n"/" = "public"\n`;

/** /proc/<pid>/status fields as text. */
function statusOf(pid: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, "utf8").split("\n")) {
    const [key, ...rest] = line.split(":");
    if (key) fields[key] = rest.join(":").trim();
  }
  return fields;
}

describe("attack: a static site's links reach the host's files", () => {
  let hop3: Hop3Fixture;
  let dbBefore = 0;

  const deploy = async (app: string, dir: string) => {
    const deployed = await hop3.cli(["deploy", "--app", app, dir]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
  };

  before(async () => {
    hop3 = await Hop3Fixture.start();
    // The neighbour: a static site whose release also holds files outside its static root.
    const neighbour = makeApp({ "app.py": "NEIGHBOUR-SOURCE\n", ".env": "TOKEN=NEIGHBOUR-ENV\n", "hop3.toml": toml("neighbour") });
    mkdirSync(join(neighbour, "public"));
    writeFileSync(join(neighbour, "public", "index.html"), "<p>neighbour home</p>\n");
    await deploy("neighbour", neighbour);
    const neighbourRelease = join(hop3.home, "apps", "neighbour", "releases", "1");

    // (a) and (d): links made by a build hook, after the upload was checked.
    const hooked = makeApp({
      "hop3.toml": [
        toml("hooked"),
        "[build]",
        `after-build = ${JSON.stringify([
          "ln -s / public/host",
          `ln -s ${join(hop3.home, "hop3.db")} public/db`,
          "ln -s /etc/shadow public/shadow",
          `ln -s ${neighbourRelease} public/neighbour`,
          `ln -s ${join(neighbourRelease, "app.py")} public/neighbour.py`,
        ])}`,
        "",
      ].join("\n"),
    });
    mkdirSync(join(hooked, "public"));
    writeFileSync(join(hooked, "public", "index.html"), "<p>hooked home</p>\n");
    await deploy("hooked", hooked);

    // (b) An upload with a chain of relative links: `y -> .` and `up -> y/y/…/../../…`. Read as
    // text, `y/..` cancels out and `up` stays in public/; followed, each `y` stays put and each
    // `..` climbs, so `up` is the host's /.
    const chained = makeApp({ "hop3.toml": toml("chained") });
    mkdirSync(join(chained, "public"));
    writeFileSync(join(chained, "public", "index.html"), "<p>chained home</p>\n");
    symlinkSync(".", join(chained, "public", "y"));
    symlinkSync(`${Array(16).fill("y").join("/")}/${Array(16).fill("..").join("/")}`, join(chained, "public", "up"));
    symlinkSync("up/etc/shadow", join(chained, "public", "shadow"));
    await deploy("chained", chained);
    dbBefore = statSync(join(hop3.home, "hop3.db")).size;
  });
  after(async () => {
    await hop3?.close();
  });

  test("links made by a build hook to /, the database and /etc/shadow serve nothing, and the site still serves", async () => {
    const links = join(hop3.home, "apps", "hooked", "releases", "1", "public");
    for (const link of ["host", "db", "shadow"]) assert.ok(lstatSync(join(links, link)).isSymbolicLink(), `the hook made ${link}`);
    notServed(await hop3.viaProxy("hooked", "/host/etc/shadow"), "/host/etc/shadow");
    notServed(await hop3.viaProxy("hooked", `/host${join(hop3.home, "hop3.db")}`), "the database through /host");
    notServed(await hop3.viaProxy("hooked", "/db"), "/db");
    notServed(await hop3.viaProxy("hooked", "/shadow"), "/shadow");
    const home = await hop3.viaProxy("hooked", "/");
    assert.equal(home.status, 200);
    assert.match(home.body, /hooked home/);
  });

  test("a chain of relative links in an upload reaches nothing outside the app", async () => {
    // The kernel resolves the chain (Node's own realpathSync would cancel `y/..` as text).
    assert.equal(realpathSync.native(join(hop3.home, "apps", "chained", "releases", "1", "public", "up")), "/", "the upload's chain of links leads to /");
    notServed(await hop3.viaProxy("chained", "/up/etc/shadow"), "/up/etc/shadow");
    notServed(await hop3.viaProxy("chained", `/up${join(hop3.home, "hop3.db")}`), "the database through /up");
    notServed(await hop3.viaProxy("chained", `/up${join(hop3.home, "apps", "neighbour", "releases", "1", "app.py")}`), "the neighbour's source through /up");
    notServed(await hop3.viaProxy("chained", "/shadow"), "/shadow through /up");
    const home = await hop3.viaProxy("chained", "/");
    assert.equal(home.status, 200);
    assert.match(home.body, /chained home/);
  });

  test("a link to another app's release files serves none of them, and the other app still serves", async () => {
    notServed(await hop3.viaProxy("hooked", "/neighbour/app.py"), "the neighbour's app.py");
    notServed(await hop3.viaProxy("hooked", "/neighbour/.env"), "the neighbour's .env");
    notServed(await hop3.viaProxy("hooked", "/neighbour.py"), "a link to the neighbour's app.py");
    const neighbour = await hop3.viaProxy("neighbour", "/");
    assert.equal(neighbour.status, 200);
    assert.match(neighbour.body, /neighbour home/);
    assert.equal(statSync(join(hop3.home, "hop3.db")).size >= dbBefore, true, "the database is still there");
  });

  test("the proxy runs as an account of its own, without capabilities, in Hop3's own environment", () => {
    const status = statusOf(hop3.proxyPid());
    const [uid] = (status["Uid"] ?? "0").split(/\s+/).map(Number);
    assert.notEqual(uid, 0, "Caddy does not run as root");
    const netBindService = 1n << 10n;
    assert.equal(BigInt(`0x${status["CapEff"] ?? "0"}`) & ~netBindService, 0n, `CapEff ${status["CapEff"]}`);
    assert.equal(BigInt(`0x${status["CapPrm"] ?? "0"}`) & ~netBindService, 0n, `CapPrm ${status["CapPrm"]}`);
    const environ = readFileSync(`/proc/${hop3.proxyPid()}/environ`, "utf8").split("\0").filter(Boolean).map((entry) => entry.split("=")[0]);
    assert.deepEqual(environ.sort(), ["HOME", "PATH", "XDG_CONFIG_HOME", "XDG_DATA_HOME"]);
    const home = statSync(join(hop3.home, "proxy", "caddy"));
    assert.equal(home.uid, uid, "Caddy's home is its account's");
    // Shared with the daemon's group only (it reaches Caddy's admin socket there, ADR 31): no app, nobody else.
    assert.equal(home.gid, daemonAccount().gid, "its group is the daemon's");
    assert.equal(home.mode & 0o007, 0, "others have no access");
  });

  test("a static site's files are served by a process running as the app's own user, not root", async () => {
    const list = JSON.parse((await hop3.cli(["ps", "hooked", "--json"])).stdout) as ProcessList;
    const web = list.instances.find((instance) => instance.type === "web");
    assert.ok(web?.pid, JSON.stringify(list));
    assert.notEqual(statusOf(web.pid)["Uid"]?.split(/\s+/)[0], "0");
  });
});

