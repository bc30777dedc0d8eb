import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProcessList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { makeApp } from "./support/sample-apps.ts";

const app = "daily";

/** A web process answering its release and one config var, and a worker: no toolchain, a quick build. */
const webPy = [
  "import http.server, json, os",
  "class H(http.server.BaseHTTPRequestHandler):",
  "    def do_GET(self):",
  '        body = json.dumps({"release": os.environ.get("HOP3_RELEASE"), "greeting": os.environ.get("GREETING")}).encode()',
  "        self.send_response(200)",
  '        self.send_header("content-length", str(len(body)))',
  "        self.end_headers()",
  "        self.wfile.write(body)",
  "    def log_message(self, *args):",
  "        pass",
  'http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()',
  "",
].join("\n");
const procfile = "web: python3 web.py\nworker: sleep 100000\n";

function git(dir: string, ...args: string[]): void {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.org", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.org" };
  execFileSync("git", ["-C", dir, ...args], { stdio: "ignore", env });
}

describe("the daily CLI surface a Heroku, Dokku or Piku user expects", () => {
  let hop3: Hop3Fixture;
  const instances = async () => (JSON.parse((await hop3.cli(["ps", app, "--json"])).stdout) as ProcessList).instances;
  /** What the web process answers; `ps:start` returns before the new instance listens, so it waits for one. */
  const served = async () => {
    for (let i = 0; ; i++) {
      const page = await hop3.viaProxy(app);
      if (page.status === 200 || i === 100) return JSON.parse(page.body) as { release: string; greeting: string | null };
      await sleep(100);
    }
  };

  before(async () => {
    hop3 = await Hop3Fixture.start();
    const deployed = await hop3.cli(["deploy", "--app", app, makeApp({ "web.py": webPy, "Procfile": procfile })]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
  });
  after(async () => {
    await hop3?.close();
  });

  test("an app created but never deployed answers its own page: no release yet, and how to deploy", async () => {
    const created = await hop3.cli(["apps:create", "fresh"]);
    assert.equal(created.code, 0, created.stderr);
    const page = await hop3.viaProxy("fresh");
    assert.equal(page.status, 404);
    assert.match(page.body, /<h1>fresh has no release yet<\/h1>/);
    assert.match(page.body, /hop3 deploy --app fresh/);
    assert.doesNotMatch(page.body, /try again/);
  });

  test("a deploy from a git work tree names the untracked files left out, and which of them Hop3 reads", async () => {
    // README makes the upload larger than 1000 bytes, where SI and binary units part ways.
    const source = makeApp({ "web.py": webPy, "README": "x".repeat(2000), "Procfile": procfile, "notes.txt": "not for the server\n" });
    git(source, "init", "-q", "-b", "main");
    git(source, "add", "web.py", "README");
    git(source, "commit", "-q", "-m", "web");
    const refused = await hop3.cli(["deploy", "--app", "tracked", source]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /2 untracked files left out of the upload .*: Procfile, notes\.txt/);
    assert.match(refused.stderr, /Procfile is a file Hop3 reads .*`git add Procfile`/);

    git(source, "add", "Procfile");
    const deployed = await hop3.cli(["deploy", "--app", "tracked", source]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.match(deployed.stderr, /1 untracked file left out of the upload .*: notes\.txt/);
    assert.match(deployed.stderr, /`git add FILE\.\.\.` includes a file/);
    // One unit system: the upload and the server's receipt both in binary units.
    assert.match(deployed.stderr, /Uploading 3 files \(\d+(\.\d)? KiB\)/);
    assert.match(deployed.stdout, /Received 3 files \(\d+(\.\d)? KiB\)/);
    assert.doesNotMatch(deployed.stdout + deployed.stderr, /\d kB\b/);
  });

  test("hop3 ps says the pid shown is the host's, not the one the app sees in its namespace", async () => {
    const ps = await hop3.cli(["ps", app]);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, /^TYPE\.N +STATE +HOST PID +PORT/m);
    assert.match(ps.stdout, /HOST PID is the process id on the server; inside its sandbox the app sees another/);
  });

  test("logs -p names an unknown process type and exits non-zero; a known one is fine", async () => {
    const unknown = await hop3.cli(["logs", app, "-p", "nosuch"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /no process type "nosuch" to show logs of \(its types: web, worker\)/);
    assert.doesNotMatch(unknown.stdout, /no log lines yet/);
    const known = await hop3.cli(["logs", app, "-p", "worker"]);
    assert.equal(known.code, 0, known.stderr);
  });

  test("config:set on an app stopped with ps:stop saves without starting it; ps:start starts it with the value", async () => {
    assert.equal((await hop3.cli(["ps:stop", app])).code, 0);
    const set = await hop3.cli(["config:set", app, "GREETING=hello"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /not restarted \(the app is stopped: `hop3 ps:start` starts it with them\)/);
    assert.deepEqual((await instances()).map((i) => [i.type, i.state]), [["web", "stopped"], ["worker", "stopped"]]);
    assert.equal((await hop3.viaProxy(app)).status, 503);

    assert.equal((await hop3.cli(["ps:start", app])).code, 0);
    assert.equal((await served()).greeting, "hello");
  });

  test("config:set with one type stopped restarts the others and leaves that one stopped", async () => {
    assert.equal((await hop3.cli(["ps:stop", app, "worker"])).code, 0);
    const set = await hop3.cli(["config:set", app, "GREETING=again"]);
    assert.equal(set.code, 0, set.stdout + set.stderr);
    assert.equal((await served()).greeting, "again");
    assert.deepEqual((await instances()).map((i) => [i.type, i.state]), [["web", "running"], ["worker", "stopped"]]);
    assert.equal((await hop3.cli(["ps:start", app, "worker"])).code, 0);
  });

  test("a Procfile cron schedule error names the value as written and gives the cron format as hint", async () => {
    const cases: [string, RegExp][] = [
      ["0 0 1 13 *", /month 13 is out of range \(month is 1-12\)/],
      ["0 0 32 * *", /day of month 32 is out of range/],
      ["0 0 0 * *", /day of month 0 is out of range/],
      ["1-70 * * * *", /minute range 1-70: 70 is out of range \(minute is 0-59\)/],
    ];
    for (const [schedule, problem] of cases) {
      const dir = makeApp({ "web.py": webPy, "Procfile": `web: python3 web.py\ncron: ${schedule} echo tick\n` });
      const deployed = await hop3.cli(["deploy", "--app", "badcron", dir]);
      assert.notEqual(deployed.code, 0, schedule);
      const output = deployed.stdout + deployed.stderr;
      assert.match(output, problem, output);
      assert.match(output, /cron: MINUTE HOUR DAY MONTH WEEKDAY command/, "the hint is cron's");
      assert.doesNotMatch(output, /Each Procfile line is `type: command`/);
    }
  });

  test("a Node build prints no npm warning caused by Hop3's own environment", async () => {
    const dir = makeApp({
      "package.json": JSON.stringify({ name: "plain-node", version: "1.0.0", private: true, scripts: { start: "node server.js" } }),
      "package-lock.json": JSON.stringify({ name: "plain-node", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "plain-node", version: "1.0.0" } } }),
      "server.js": 'require("node:http").createServer((_, res) => res.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");\n',
    });
    const deployed = await hop3.cli(["deploy", "--app", "plain-node", dir]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.match(deployed.stdout, /npm ci/);
    assert.doesNotMatch(deployed.stdout + deployed.stderr, /Unknown env config/);
  });
});
