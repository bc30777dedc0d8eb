import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AppCheckReport, FirewallStatus } from "@hop3/contract";
import { createServer, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { freeTestPort } from "./support/test-ports.ts";
import { Hop3Fixture, httpGet } from "./support/hop3-fixture.ts";
import { copySample, makeApp } from "./support/sample-apps.ts";

/** makeApp with subdirectories. */
function makeTree(files: Record<string, string>): string {
  const dir = makeApp({});
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const goServer = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s|%s", os.Getenv("HOP3_HOSTNAME"), os.Getenv("HOP3_URL"))
	})
	http.ListenAndServe(os.Getenv("HOST")+":"+os.Getenv("PORT"), nil)
}
`;

// Real apps and apps packaged for other PaaS (issue 21): what made them fail because of Hop3
// — the JVM under the sandbox, a read-only HOME, node-gyp downloading headers — and the
// hop3.toml keys of the original Hop3 that have an effect. One server for all of it.
const webProcfile = "web: python3 -m http.server $PORT\n";

describe("real apps and apps packaged for the original Hop3 run unchanged", () => {
  let hop3: Hop3Fixture;
  // realapp also holds a fixed host port ([[ports]]), served by a process of its own.
  let fixedPort = 0;
  const realApp = () =>
    makeApp({
      Procfile: `${webProcfile}raw: python3 -m http.server ${fixedPort} --bind 0.0.0.0\n`,
      "hop3.toml": `[metadata]\nid = "realapp"\n[limits]\nmemory = "300M"\n[[ports]]\nnumber = ${fixedPort}\nname = "raw"\n`,
    });

  before(async () => {
    hop3 = await Hop3Fixture.start();
    fixedPort = await freeTestPort();
    const deployed = await hop3.cli(["deploy", "--app", "realapp", realApp()]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
  });
  after(async () => {
    await hop3?.close();
  });

  test("the JVM in the sandbox reads its container metrics, with the app's memory limit", async () => {
    const java = await hop3.cli(["run", "realapp", "--", "java", "-XshowSettings:system", "-version"]);
    const output = java.stdout + java.stderr;
    assert.equal(java.code, 0, output);
    assert.doesNotMatch(output, /NullPointerException/);
    assert.match(output, /Provider: cgroupv[12]/);
    assert.match(output, /Memory Limit: 300\.00M/);
  });

  test("HOME is writable by the app and kept across deploys", async () => {
    const wrote = await hop3.cli(["run", "realapp", "--", "sh", "-c", 'mkdir -p "$HOME/.config/tool" && echo kept > "$HOME/.config/tool/x" && touch "$HOME/x" && echo "$HOME"']);
    assert.equal(wrote.code, 0, wrote.stderr);
    assert.match(wrote.stdout, /\/apps\/realapp\/home\n$/);
    const redeployed = await hop3.cli(["deploy", "--app", "realapp", realApp()]);
    assert.equal(redeployed.code, 0, redeployed.stdout + redeployed.stderr);
    const read = await hop3.cli(["run", "realapp", "--", "sh", "-c", 'cat "$HOME/.config/tool/x"']);
    assert.equal(read.code, 0, read.stderr);
    assert.equal(read.stdout, "kept\n");
  });

  test("[[ports]]: the app's process serves its fixed host port, which Hop3's firewall opens; another app or program holding a port refuses the deploy", async () => {
    let answer = await httpGet({ port: fixedPort, path: "/" }).catch(() => null);
    // The worker starts with the release but has no health check: give it a moment, by attempts.
    for (let attempt = 0; answer?.status !== 200 && attempt < 50; attempt += 1) {
      await sleep(100);
      answer = await httpGet({ port: fixedPort, path: "/" }).catch(() => null);
    }
    assert.equal(answer?.status, 200, "realapp's raw process listens on its fixed port");
    const firewall = JSON.parse((await hop3.cli(["firewall", "--json"])).stdout) as FirewallStatus;
    if (firewall.available) assert.ok(firewall.open.some((open) => open.port === fixedPort && open.reason === "app" && open.app === "realapp"), JSON.stringify(firewall.open));

    const taken = await hop3.cli(["deploy", "--app", "porttaken", makeApp({ Procfile: webProcfile, "hop3.toml": `[[ports]]\nnumber = ${fixedPort}\n` })]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, new RegExp(`error: hop3\\.toml \\[\\[ports\\]\\] ${fixedPort}/tcp is held by the app "realapp"`));
    assert.doesNotMatch(taken.stdout, /Detected|Building/, "refused before the build");

    const foreign = createServer();
    await new Promise<void>((resolve) => foreign.listen(0, "0.0.0.0", resolve));
    const busyPort = (foreign.address() as AddressInfo).port;
    try {
      const busy = await hop3.cli(["deploy", "--app", "portbusy", makeApp({ Procfile: webProcfile, "hop3.toml": `[[ports]]\nnumber = ${busyPort}\n` })]);
      assert.equal(busy.code, 1);
      assert.match(busy.stderr, new RegExp(`error: hop3\\.toml \\[\\[ports\\]\\] ${busyPort}/tcp is in use by another program on the host`));
    } finally {
      foreign.close();
    }
  });

  test("a Go module whose one main package is cmd/NAME builds with the Go builder, its caches in the app's cache; apps get their hostname and URL", async () => {
    const app = makeTree({
      "go.mod": "module example.org/shop\n\ngo 1.19\n",
      "shop.go": "// Package shop is a library.\npackage shop\n",
      "cmd/shopd/main.go": goServer,
      "hop3.toml": '[metadata]\nid = "gocmd"\n[build]\nbefore-build = "go env GOCACHE > .gocache"\n',
    });
    const deployed = await hop3.cli(["deploy", "--app", "gocmd", app]);
    const output = deployed.stdout + deployed.stderr;
    assert.equal(deployed.code, 0, output);
    assert.match(output, /Building shopd \(\.\/cmd\/shopd\) with go build/);
    const page = await hop3.viaProxy("gocmd");
    assert.equal(page.status, 200);
    const port = hop3.httpPort === 80 ? "" : `:${hop3.httpPort}`;
    assert.equal(page.body, `gocmd.localhost|http://gocmd.localhost${port}`);
    const gocache = await hop3.cli(["run", "gocmd", "--", "cat", ".gocache"]);
    assert.equal(gocache.stdout.trim(), join(hop3.home, "apps", "gocmd", "cache", "go", "build"), "a build hook's go uses the app's cache, not $HOME/go");
  });

  test("Hop3's own settings cause no warnings of the build tools (uv); a Piku app (wsgi:, ENV) deploys, and deploy --check runs its [[test.validations]]", async () => {
    const app = copySample("python-uv");
    writeFileSync(join(app, "Procfile"), "wsgi: app:app\n");
    writeFileSync(join(app, "ENV"), "NGINX_SERVER_NAME=uv.piku.test\nNGINX_STATIC_PATHS=/static:static\nUWSGI_PROCESSES=2\n");
    writeFileSync(join(app, "hop3.toml"), '[[test.validations]]\npath = "/"\nstatus = 200\ncontains = "Hello from python-uv"\n');
    const deployed = await hop3.cli(["deploy", "--check", "--app", "uvapp", app]);
    const output = deployed.stdout + deployed.stderr;
    assert.equal(deployed.code, 0, output);
    assert.doesNotMatch(output, /deprecated/i);
    assert.match(output, /pass {2}GET \/ status 200 contains "Hello from python-uv"\n/);
    assert.match(output, /ENV line 2: NGINX_STATIC_PATHS "\/static:static" was ignored/);
    assert.match(output, /ENV line 3: UWSGI_PROCESSES is a Piku setting Hop3 does not act on/);
    const viaDomain = await httpGet({ port: hop3.httpPort, path: "/", host: "uv.piku.test" });
    assert.equal(viaDomain.status, 200, "NGINX_SERVER_NAME became a domain of the app");
    assert.match(viaDomain.body, /Hello from python-uv/, "served by gunicorn from the Procfile's wsgi: line");
    const checked = await hop3.cli(["check", "uvapp", "--json"]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.equal((JSON.parse(checked.stdout) as AppCheckReport).passed, true);
  });

  test("an npm app with a native module builds against the installed Node's headers, with only the registry reachable", async () => {
    const app = makeApp({
      "package.json": JSON.stringify({ name: "native", version: "1.0.0", private: true, dependencies: { "better-sqlite3": "^11.0.0" } }),
      "server.js": 'require("node:http").createServer((q, s) => s.end("ok")).listen(process.env.PORT);\n',
    });
    const deployed = await hop3.cli(["deploy", "--app", "native", app]);
    const output = deployed.stdout + deployed.stderr;
    assert.equal(deployed.code, 0, output);
    assert.doesNotMatch(output, /gyp http GET \S+headers/);
    assert.doesNotMatch(output, /Unknown \w+ config/, "npm warns about none of Hop3's own settings (store-dir)");
    const used = await hop3.cli(["run", "native", "--", "node", "-e", 'const D = require("better-sqlite3"); const db = new D(process.env.HOME + "/t.db"); db.exec("create table if not exists t (v)"); db.prepare("insert into t values (?)").run("written"); console.log(db.prepare("select v from t").get().v)']);
    assert.equal(used.code, 0, used.stderr);
    assert.equal(used.stdout, "written\n");
  });

  test("generated secrets stay the same across redeploys and rollbacks, differ between apps, and are shown only when asked", async () => {
    const toml = [
      "[env]",
      "_policy = \"override\"",
      "MODE = \"from hop3.toml\"",
      "SECRET_KEY = { generate = \"hex\", length = 64 }",
      "ADMIN_PASSWORD = { generate = \"password\", length = 20, display = true }",
      "SITE = { key = \"hostname\" }",
      "[env.computed]",
      "GREETING = \"hello ${SITE} ${MODE}\"",
      "[[volumes]]",
      "name = \"uploads\"",
      "target = \"uploads\"",
      "[[volumes]]",
      "name = \"scratch\"",
      "target = \"tmp/scratch\"",
      "type = \"tmpfs\"",
      "size = \"16M\"",
      "[limits]",
      "processes = 64",
    ].join("\n");
    const source = () => makeApp({ Procfile: webProcfile, "hop3.toml": toml });
    const show = ["run", "secret-a", "--", "sh", "-c", 'echo "$SECRET_KEY|$SITE|$GREETING|$MODE"; cat uploads/kept 2>/dev/null; echo kept > uploads/kept'];
    const first = await hop3.cli(["deploy", "--app", "secret-a", source()]);
    const firstOutput = first.stdout + first.stderr;
    assert.equal(first.code, 0, firstOutput);
    assert.match(firstOutput, /Generated ADMIN_PASSWORD: \S{20}\n/);
    assert.match(firstOutput, /Generated SECRET_KEY \(its value is not shown/);
    const [line1] = (await hop3.cli(show)).stdout.split("\n");
    const [key, site, greeting, mode] = (line1 ?? "").split("|");
    assert.match(key ?? "", /^[0-9a-f]{64}$/);
    assert.doesNotMatch(firstOutput, new RegExp(key ?? "-"), "a secret without display is never printed");
    assert.equal(site, "secret-a.localhost");
    assert.equal(greeting, "hello secret-a.localhost from hop3.toml");
    assert.equal(mode, "from hop3.toml");

    const second = await hop3.cli(["deploy", "--app", "secret-a", source()]);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.doesNotMatch(second.stdout + second.stderr, /Generated/);
    const set = await hop3.cli(["config:set", "secret-a", "MODE=from config"]);
    assert.equal(set.code, 0, set.stderr);
    const afterRedeploy = (await hop3.cli(show)).stdout.split("\n");
    assert.equal(afterRedeploy[0], `${key}|${site}|hello secret-a.localhost from hop3.toml|from hop3.toml`, "same secret; _policy = override keeps hop3.toml's MODE");
    assert.equal(afterRedeploy[1], "kept", "the volume kept what the previous release wrote");
    const rollback = await hop3.cli(["rollback", "secret-a"]);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    const afterRollback = await hop3.cli(show);
    assert.equal(afterRollback.stdout.split("\n")[0]?.split("|")[0], key, `a rollback keeps the secret:\n${afterRollback.stdout}\n${afterRollback.stderr}`);

    const other = await hop3.cli(["deploy", "--app", "secret-b", source()]);
    assert.equal(other.code, 0, other.stdout + other.stderr);
    const otherKey = (await hop3.cli(["run", "secret-b", "--", "sh", "-c", 'echo "$SECRET_KEY"'])).stdout.trim();
    assert.match(otherKey, /^[0-9a-f]{64}$/);
    assert.notEqual(otherKey, key);
    const config = await hop3.cli(["config", "secret-a", "--json"]);
    assert.doesNotMatch(config.stdout, new RegExp(key ?? "-"), "hop3 config does not list generated secrets");
    const pids = await hop3.cli(["run", "secret-a", "--", "find", "/sys/fs/cgroup", "-name", "pids.max", "-exec", "cat", "{}", "+"]);
    assert.equal(pids.stdout.trim(), "64", "[limits] processes");
    const scratch = ["run", "secret-a", "--", "sh", "-c", 'stat -f -c %T tmp/scratch; df -k tmp/scratch | tail -n 1 | tr -s " " | cut -d " " -f 2; ls tmp/scratch | wc -l; echo x > tmp/scratch/f'];
    const tmpfs = await hop3.cli(scratch);
    assert.equal(tmpfs.code, 0, tmpfs.stderr);
    assert.equal(tmpfs.stdout, "tmpfs\n16384\n0\n", "[[volumes]] type tmpfs: a 16M tmpfs, writable by the app");
    assert.equal((await hop3.cli(scratch)).stdout.split("\n")[2], "0", "empty at each start: the previous process's file is gone");
  });

  test("[build] static-dir is the static site's root; [build] node-version names a missing Node clearly", async () => {
    const validations = '[[test.validations]]\npath = "/"\ncontains = "static-dir works"\n[[test.validations]]\npath = "/missing"\nstatus = 200\n';
    const site = makeTree({ "hop3.toml": `[build]\nstatic-dir = "site"\n${validations}`, "site/index.html": "<h1>static-dir works</h1>\n" });
    const deployed = await hop3.cli(["deploy", "--check", "--app", "staticdir", site]);
    assert.equal(deployed.code, 1, "deploy --check fails when a validation fails");
    assert.match(deployed.stderr, /error: 1 of 2 \[\[test\.validations\]\] of staticdir failed \(release 1\):\n {2}GET \/missing status 200: status 404, expected 200\n/);
    assert.match((await hop3.viaProxy("staticdir")).body, /static-dir works/);
    const checked = await hop3.cli(["check", "staticdir", "--json"]);
    assert.equal(checked.code, 1, "hop3 check exits 1 when a validation fails");
    const report = JSON.parse(checked.stdout) as AppCheckReport;
    assert.deepEqual(report.checks.map((check) => [check.path, check.passed, check.problem]), [["/", true, null], ["/missing", false, "status 404, expected 200"]]);
    const node = makeApp({ "package.json": JSON.stringify({ name: "old", version: "1.0.0" }), "server.js": "", "hop3.toml": '[build]\nnode-version = "12"\n' });
    const refused = await hop3.cli(["deploy", "--app", "oldnode", node]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /node-version = "12" asks for Node\.js 12, but this server has Node\.js \d+\.\d+\.\d+ only/);
  });

  test("a Procfile that runs a dev server at start is warned about at build time", async () => {
    const app = makeApp({
      "package.json": JSON.stringify({ name: "devserver", version: "1.0.0", scripts: { dev: "node server.js" } }),
      "server.js": 'require("node:http").createServer((q, s) => s.end("dev")).listen(process.env.PORT, process.env.HOST);\n',
      Procfile: "web: npm run dev\n",
    });
    const deployed = await hop3.cli(["deploy", "--app", "devserver", app]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.match(deployed.stderr + deployed.stdout, /web: `npm run dev` starts a development server/);
  });
});
