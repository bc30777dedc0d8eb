import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

// One sample app per Python installer and Node.js package manager (pip and npm are covered by
// flask-app and express-app in deploy-apps.test.ts), deployed through the CLI as its own Unix
// user and fetched through Caddy; then the failures a user must be told about clearly.
const samples = [
  { app: "python-uv", installs: /-----> Installing with uv, from uv\.lock/, says: /Python 3\.11\.\d+, dev dependencies absent/ },
  { app: "python-poetry", installs: /-----> Installing with poetry, from poetry\.lock/, says: /dev dependencies absent/ },
  { app: "python-pipenv", installs: /-----> Installing with pipenv, from Pipfile\.lock/, says: /dev dependencies absent/ },
  { app: "node-pnpm", installs: /-----> Installing with pnpm, from pnpm-lock\.yaml/, says: /one minute is 60000 ms, dev dependencies absent/ },
  { app: "node-yarn", installs: /-----> Installing with yarn, from yarn\.lock/, says: /one minute is 60000 ms, dev dependencies absent/ },
] as const;

describe("Python and Node.js builders: every installer and package manager", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    hop3 = await Hop3Fixture.start();
  });
  after(async () => {
    await hop3?.close();
  });

  for (const { app, installs, says } of samples) {
    test(`deploys ${app} with its own tool and serves it through Caddy, without dev dependencies`, async () => {
      const result = await hop3.cli(["deploy", "--app", app, copySample(app)]);
      const output = result.stdout + result.stderr;
      assert.equal(result.code, 0, `deploy failed:\n${output}`);
      assert.match(output, installs);
      const page = await hop3.viaProxy(app);
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`Hello from ${app}`));
      assert.match(page.body, says);
    });
  }

  test("redeploys with unchanged lockfiles without installing anything", async () => {
    for (const app of ["python-uv", "node-pnpm"]) {
      const result = await hop3.cli(["deploy", "--app", app, copySample(app)]);
      const output = result.stdout + result.stderr;
      assert.equal(result.code, 0, output);
      assert.match(output, /-----> Reusing (virtualenv|node_modules) [0-9a-f]{16}/);
      assert.doesNotMatch(output, /-----> Installing dependencies/);
      assert.match((await hop3.viaProxy(app)).body, new RegExp(`Hello from ${app}`));
    }
  });

  test("builds write nothing to the app's HOME: the tools' caches are in the app's cache", () => {
    for (const { app } of samples) {
      const dotfiles = readdirSync(join(hop3.home, "apps", app, "home")).filter((entry) => entry.startsWith("."));
      assert.deepEqual(dotfiles, [], `${app}'s HOME got ${dotfiles.join(", ")}`);
    }
  });

  test("refuses a Python version that is not installed, naming the file and the installed ones; the previous release keeps serving", async () => {
    const dir = copySample("python-uv");
    writeFileSync(join(dir, ".python-version"), "3.9\n");
    const result = await hop3.cli(["deploy", "--app", "python-uv", dir]);
    const output = result.stdout + result.stderr;
    assert.notEqual(result.code, 0, output);
    assert.match(output, /\.python-version asks for Python 3\.9, which is not installed on this server\. Installed: 3\.11\.\d+ \(/);
    assert.match(output, /hint: Change \.python-version to one of the installed versions/);
    const page = await hop3.viaProxy("python-uv");
    assert.equal(page.status, 200);
    assert.match(page.body, /Hello from python-uv/);
  });

  test("refuses an engines.node range the installed Node.js does not satisfy; the previous release keeps serving", async () => {
    const dir = copySample("node-yarn");
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "package.json"), JSON.stringify({ ...manifest, engines: { node: ">=99" } }, null, 2));
    const result = await hop3.cli(["deploy", "--app", "node-yarn", dir]);
    const output = result.stdout + result.stderr;
    assert.notEqual(result.code, 0, output);
    assert.match(output, /package\.json engines\.node ">=99" is not satisfied by the installed Node\.js \d+\.\d+\.\d+/);
    assert.match((await hop3.viaProxy("node-yarn")).body, /Hello from node-yarn/);
  });

  test("says which file wins when requirements.txt sits next to a lockfile, and hop3.toml can choose", async () => {
    const dir = copySample("python-uv");
    writeFileSync(join(dir, "requirements.txt"), "gunicorn==23.0.0\n");
    const chosen = await hop3.cli(["deploy", "--app", "python-uv", dir]);
    assert.equal(chosen.code, 0, chosen.stdout + chosen.stderr);
    assert.match(chosen.stdout + chosen.stderr, /requirements\.txt also present: uv\.lock wins \(set \[build\] package-manager in hop3\.toml to choose another\)/);
    writeFileSync(join(dir, "hop3.toml"), '[metadata]\nid = "python-uv"\n[build]\npackage-manager = "pip"\n');
    const overridden = await hop3.cli(["deploy", "--app", "python-uv", dir]);
    assert.equal(overridden.code, 0, overridden.stdout + overridden.stderr);
    assert.match(overridden.stdout + overridden.stderr, /-----> Installing with pip, as hop3\.toml \[build\] package-manager asks/);
    assert.match((await hop3.viaProxy("python-uv")).body, /Hello from python-uv/);
  });
});
