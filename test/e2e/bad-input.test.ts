import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { AppList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { copySample, makeApp } from "./support/sample-apps.ts";

describe("bad input is refused with a clear error and leaves nothing behind", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    hop3 = await Hop3Fixture.start();
    const first = await hop3.cli(["deploy", "--app", "good", copySample("static-site")]);
    assert.equal(first.code, 0, first.stderr);
  });
  after(async () => {
    await hop3?.close();
  });

  const appNames = async () => ((JSON.parse((await hop3.cli(["apps", "--json"])).stdout) as AppList).apps.map((a) => a.name));

  /** Deploys `dir` as a new app that must fail with `pattern`, then checks nothing was created. */
  const failsToDeploy = async (app: string, dir: string, pattern: RegExp) => {
    const result = await hop3.cli(["deploy", "--app", app, dir]);
    assert.notEqual(result.code, 0, "the deploy must fail");
    assert.match(result.stderr, pattern);
    assert.match(result.stderr, /^hint: /m);
    assert.deepEqual(await appNames(), ["good"], "no app is left half-created");
    assert.deepEqual(readdirSync(join(hop3.home, "apps")), ["good"], "no files are left behind");
    assert.match((await hop3.viaProxy("good")).body, /Hello from static-site/, "the other app keeps serving");
  };

  test("an app no builder recognises", async () => {
    await failsToDeploy("mystery", makeApp({ "README.txt": "nothing to build" }), /No builder recognises this app\. Looked for: .*requirements\.txt.*package\.json.*go\.mod.*index\.html/);
  });

  test("a Procfile line without a colon names the file and line", async () => {
    await failsToDeploy("bad-procfile", makeApp({ "index.html": "x", Procfile: "# processes\nweb gunicorn app:app\n" }), /Procfile line 2/);
  });

  test("a Procfile with a duplicate process type names both lines", async () => {
    await failsToDeploy("dup-procfile", makeApp({ "index.html": "x", Procfile: "web: a\nworker: b\nweb: c\n" }), /Procfile line 3.*"web".*line 1/);
  });

  test("an unknown hop3.toml key names the key and suggests the closest", async () => {
    await failsToDeploy("bad-key", makeApp({ "index.html": "x", "hop3.toml": '[metadata]\nid = "bad-key"\n\n[run]\nstrat = "gunicorn app:app"\n' }), /hop3\.toml.*"run\.strat".*did you mean "run\.start"/);
  });

  test("a mistyped hop3.toml value names the key and the expected type", async () => {
    await failsToDeploy("bad-type", makeApp({ "index.html": "x", "hop3.toml": '[metadata]\nid = "bad-type"\n\n[env]\nWORKERS = 4\n' }), /hop3\.toml.*"env\.WORKERS".*string/);
  });

  test("a build that fails (pip install of a package that does not exist)", async () => {
    const dir = makeApp({
      "requirements.txt": "hop3-no-such-package-xyz==1.0\n",
      "app.py": "",
      Procfile: "web: python app.py\n",
    });
    const result = await hop3.cli(["deploy", "--app", "bad-build", dir]);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /hop3-no-such-package-xyz/);
    assert.match(result.stderr, /pip install/);
    assert.deepEqual(await appNames(), ["good"]);
  });

  test("a failed deploy of an existing app keeps its previous release serving", async () => {
    const broken = makeApp({ "index.html": "x", Procfile: "web: exit 1\n", "requirements.txt": "" });
    const result = await hop3.cli(["deploy", "--app", "good", broken]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /exited while starting/);
    const page = await hop3.viaProxy("good");
    assert.equal(page.status, 200);
    assert.match(page.body, /Hello from static-site/);
  });

  for (const name of ["../x", "a b", "-rf", "UPPER", "a".repeat(64), "hop3", "api"]) {
    test(`refuses the app name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}…(${name.length})` : name)}`, async () => {
      const created = await hop3.cli(["apps:create", "--", name]);
      assert.notEqual(created.code, 0);
      assert.match(created.stderr, /^error: App name .* (is not valid|is reserved|characters long)/m);
      const deployed = await hop3.cli(["deploy", `--app=${name}`, copySample("static-site")]);
      assert.notEqual(deployed.code, 0);
      assert.match(deployed.stderr, /App name/);
      assert.deepEqual(await appNames(), ["good"]);
    });
  }

  test("the API itself refuses invalid app names, whatever the client checks", async () => {
    for (const name of ["../x", "a b", "-rf", "UPPER", "a".repeat(64), "hop3", "x\u0000y"]) {
      const response = await hop3.api("/v1/apps", "POST", { name });
      assert.equal(response.status, 400, name);
      assert.match(JSON.parse(response.body).error.code, /^APP_NAME_(INVALID|RESERVED)$/);
    }
    assert.deepEqual(await appNames(), ["good"]);
  });

  test("the API refuses a request without a valid token", async () => {
    const anonymous = await hop3.cli(["apps"], { env: { HOP3_TOKEN: "hop3_not-a-real-token" } });
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.stderr, /^error: The API token is not valid/m);
  });
});
