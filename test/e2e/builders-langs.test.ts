import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hop3Fixture, repoRoot } from "./support/hop3-fixture.ts";
import { copySample, makeApp } from "./support/sample-apps.ts";
import { cycloneDxProblems } from "../support/cyclonedx-schema.ts";

interface Bom {
  metadata: { component: { "bom-ref": string }; properties: { name: string; value: string }[] };
  components: { type: string; name: string; version: string; purl: string; licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[]; hashes?: { alg: string; content: string }[]; properties?: { name: string; value: string }[] }[];
  dependencies: { ref: string; dependsOn: string[] }[];
}
const licencesOf = (bom: Bom, purl: string) => (bom.components.find((c) => c.purl === purl)?.licenses ?? []).map((l) => ("expression" in l ? l.expression : (l.license.id ?? l.license.name)));
const dependsOn = (bom: Bom, ref: string) => bom.dependencies.find((d) => d.ref === ref)?.dependsOn;

/** Sample apps of the Rust, Java, Ruby, PHP and Procfile-only builders, each deployed and curled through Caddy; the Rust, Java and PHP ones' SBOMs checked. */
describe("deploying apps of the language builders through the CLI", () => {
  let hop3: Hop3Fixture;
  before(async () => {
    hop3 = await Hop3Fixture.start();
  });
  after(async () => {
    await hop3?.close();
  });

  const deploys = async (app: string, dir: string, greeting: RegExp) => {
    const result = await hop3.cli(["deploy", "--app", app, dir]);
    assert.equal(result.code, 0, `deploy failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout + result.stderr, new RegExp(`${app} is live at http://${app}\\.localhost:${hop3.httpPort}/`));
    const page = await hop3.viaProxy(app);
    assert.equal(page.status, 200);
    assert.match(page.body, greeting);
    return result.stdout + result.stderr;
  };

  /** The app's SBOM (the release serving), after checking it against the CycloneDX 1.6 schema. */
  const sbomOf = async (app: string, builder: string): Promise<Bom> => {
    const result = await hop3.cli(["sbom", app]);
    assert.equal(result.code, 0, result.stderr);
    const bom = JSON.parse(result.stdout) as Bom;
    assert.deepEqual(cycloneDxProblems(bom), []);
    assert.equal(bom.metadata.properties.find((p) => p.name === "hop3:builder")?.value, builder);
    return bom;
  };

  const failsToBuild = async (app: string, dir: string, message: string) => {
    const result = await hop3.cli(["deploy", "--app", app, dir]);
    assert.notEqual(result.code, 0, "the deploy must fail");
    assert.ok(result.stderr.includes(message), `expected ${JSON.stringify(message)} in:\n${result.stderr}`);
    return result.stdout + result.stderr;
  };

  test("rust-app builds with cargo and serves; a redeploy with the same Cargo.lock compiles no dependency", async () => {
    const cold = await deploys("rust-app", copySample("rust-app", { git: true }), /Hello from rust-app/);
    assert.match(cold, /-----> Detected a rust app/);
    assert.match(cold, /Compiling itoa/);
    const warm = await deploys("rust-app", copySample("rust-app", { git: true }), /Hello from rust-app/);
    assert.doesNotMatch(warm, /Compiling itoa|Downloaded itoa/);

    // The SBOM lists every crate Cargo.lock pins from a registry, with its checksum and the licence its Cargo.toml declares.
    const bom = await sbomOf("rust-app", "rust");
    const lock = readFileSync(join(repoRoot, "test/apps/rust-app/Cargo.lock"), "utf8").split("[[package]]").slice(1);
    const pinned = lock.filter((p) => p.includes("source = ")).map((p) => ({ name: /name = "([^"]+)"/.exec(p)?.[1], version: /version = "([^"]+)"/.exec(p)?.[1], checksum: /checksum = "([^"]+)"/.exec(p)?.[1] }));
    assert.ok(pinned.length > 0);
    for (const { name, version, checksum } of pinned) {
      const crate = bom.components.find((c) => c.purl === `pkg:cargo/${name}@${version}`);
      assert.ok(crate, `pkg:cargo/${name}@${version} is missing`);
      assert.deepEqual(crate.hashes, [{ alg: "SHA-256", content: checksum }]);
    }
    assert.ok(!bom.components.some((c) => c.purl.startsWith("pkg:cargo/rust-app")), "the app's own crate is not a component");
    assert.deepEqual(licencesOf(bom, "pkg:cargo/itoa@1.0.19"), ["MIT OR Apache-2.0"]);
    assert.deepEqual(dependsOn(bom, "pkg:cargo/itoa@1.0.19"), []);
    assert.ok(dependsOn(bom, bom.metadata.component["bom-ref"])?.includes("pkg:cargo/itoa@1.0.19"));
    assert.equal(bom.components.find((c) => c.type === "platform")?.name, "rust");
  });

  test("a Procfile running a binary cargo did not build fails the build, naming it", async () => {
    const dir = copySample("rust-app");
    writeFileSync(join(dir, "Procfile"), "web: ./target/release/rust-ap\n");
    await failsToBuild("rust-typo", dir, 'rust: process "web" runs ./target/release/rust-ap, but cargo built no binary named "rust-ap" (built: rust-app)');
  });

  test("java-app builds with mvn package and serves its jar; a redeploy with the same pom.xml builds offline", async () => {
    const cold = await deploys("java-app", copySample("java-app"), /Hello from java-app/);
    assert.match(cold, /-----> Detected a java app/);
    const warm = await deploys("java-app", copySample("java-app"), /Hello from java-app/);
    assert.match(warm, /-----> Building with mvn package \(offline: the POMs are unchanged since the last build\)/);

    // The warm build kept the tree Maven resolved: the SBOM lists the transitive dependency, with scope, licence (from the parent POM) and SHA-1; not the test-scoped one.
    const bom = await sbomOf("java-app", "java");
    const libraries = bom.components.filter((c) => c.purl.startsWith("pkg:maven/")).map((c) => c.purl);
    assert.deepEqual(libraries, ["pkg:maven/org.slf4j/slf4j-api@2.0.16", "pkg:maven/org.slf4j/slf4j-simple@2.0.16"]);
    const api = bom.components.find((c) => c.purl === "pkg:maven/org.slf4j/slf4j-api@2.0.16");
    assert.equal(api?.properties?.find((p) => p.name === "hop3:maven-scope")?.value, "compile");
    assert.equal(api?.hashes?.[0]?.alg, "SHA-1");
    assert.match(api?.hashes?.[0]?.content ?? "", /^[0-9a-f]{40}$/);
    assert.deepEqual(licencesOf(bom, "pkg:maven/org.slf4j/slf4j-simple@2.0.16"), ["MIT License"]);
    assert.deepEqual(dependsOn(bom, "pkg:maven/org.slf4j/slf4j-simple@2.0.16"), ["pkg:maven/org.slf4j/slf4j-api@2.0.16"]);
    assert.deepEqual(dependsOn(bom, bom.metadata.component["bom-ref"])?.filter((ref) => ref.startsWith("pkg:maven/")), ["pkg:maven/org.slf4j/slf4j-simple@2.0.16"]);
    assert.equal(bom.components.find((c) => c.type === "platform")?.name, "java");
  });

  test("java code that does not compile fails the build with the Maven step named, and the previous release keeps serving", async () => {
    const dir = copySample("java-app");
    writeFileSync(join(dir, "src/main/java/org/hop3/sample/App.java"), "package org.hop3.sample;\nclass App { int x = \"no\"; }\n");
    const output = await failsToBuild("java-app", dir, "java: `mvn -o package` exited with code 1");
    assert.match(output, /COMPILATION ERROR/);
    assert.match((await hop3.viaProxy("java-app")).body, /Hello from java-app/);
  });

  test("ruby-app installs its vendored gem with Bundler and serves; a redeploy with the same Gemfile.lock installs nothing", async () => {
    const cold = await deploys("ruby-app", copySample("ruby-app"), /Hello from ruby-app/);
    assert.match(cold, /-----> Detected a ruby app/);
    assert.match(cold, /Installing hop3-greeting 0\.1\.0/);
    const warm = await deploys("ruby-app", copySample("ruby-app"), /Hello from ruby-app/);
    assert.match(warm, /Using hop3-greeting 0\.1\.0/);
    assert.doesNotMatch(warm, /Installing hop3-greeting/);
  });

  test("a gem missing from vendor/cache fails the build with the Bundler step named", async () => {
    const dir = copySample("ruby-app");
    writeFileSync(join(dir, "Gemfile"), 'source "https://rubygems.org"\ngem "hop3-not-vendored"\n');
    rmSync(join(dir, "Gemfile.lock"));
    const output = await failsToBuild("ruby-missing", dir, "ruby: `bundle install --local` exited with code");
    assert.match(output, /hop3-not-vendored/);
  });

  test("php-app is served by its PHP-FPM through the proxy: scripts, front controller and static files", async () => {
    const output = await deploys("php-app", copySample("php-app"), /Hello from php-app \(PHP 8\.\d+\.\d+, fpm-fcgi, \/\)/);
    assert.match(output, /-----> Detected a php app/);
    assert.match(output, /Serving the app's root with PHP-FPM/);
    const routed = await hop3.viaProxy("php-app", "/orders/42?x=1");
    assert.match(routed.body, /Hello from php-app \(PHP [\d.]+, fpm-fcgi, \/orders\/42\?x=1\)/);
    assert.match((await hop3.viaProxy("php-app", "/style.css")).body, /font-family/);
    assert.equal((await hop3.viaProxy("php-app", "/composer.json")).status, 404);

    // The SBOM lists every package composer.lock pins, with its licence, and who requires whom.
    const bom = await sbomOf("php-app", "php");
    const lock = JSON.parse(readFileSync(join(repoRoot, "test/apps/php-app/composer.lock"), "utf8")) as { packages: { name: string; version: string; license: string[] }[] };
    assert.ok(lock.packages.length >= 2);
    for (const pinned of lock.packages) {
      const purl = `pkg:composer/${pinned.name}@${pinned.version}`;
      assert.ok(bom.components.some((c) => c.purl === purl), `${purl} is missing`);
      assert.deepEqual(licencesOf(bom, purl), pinned.license);
    }
    assert.deepEqual(dependsOn(bom, "pkg:composer/hop3/greeting-words@1.2.0"), ["pkg:composer/hop3/polite@0.3.1"]);
    assert.deepEqual(dependsOn(bom, bom.metadata.component["bom-ref"])?.filter((ref) => ref.startsWith("pkg:composer/")), ["pkg:composer/hop3/greeting-words@1.2.0"]);
    assert.match(bom.components.find((c) => c.type === "platform" && c.name === "php")?.version ?? "", /^8\.\d+\.\d+$/);
  });

  test("a composer.json Composer cannot read fails the build with the Composer step named", async () => {
    const dir = copySample("php-app");
    writeFileSync(join(dir, "composer.json"), "{ not json\n");
    const output = await failsToBuild("php-broken", dir, "php: `composer install --no-dev --no-progress --optimize-autoloader --no-ansi` exited with code");
    assert.match(output, /composer\.json/);
  });

  test("procfile-app runs its own build command and the web process its Procfile names", async () => {
    const output = await deploys("procfile-app", copySample("procfile-app"), /Hello from procfile-app, built by build\.sh/);
    assert.match(output, /-----> Detected a procfile app/);
  });

  test("hop3.toml can name the procfile builder for an app another builder would recognise", async () => {
    const dir = makeApp({
      "requirements.txt": "hop3-no-such-package-xyz==1.0\n",
      "hop3.toml": '[metadata]\nid = "named-procfile"\n\n[build]\ntoolchain = "procfile"\n',
      Procfile: "web: python3 -m http.server $PORT\n",
      "index.html": "Hello from named-procfile\n",
    });
    const output = await deploys("named-procfile", dir, /Hello from named-procfile/);
    assert.match(output, /Using the procfile builder \(set in hop3\.toml\)/);
  });

  test("a procfile app whose build command fails names the command", async () => {
    const dir = makeApp({ "hop3.toml": '[metadata]\nid = "bad-script"\n\n[build]\nbuild = "sh -c \'exit 3\'"\n', Procfile: "web: python3 -m http.server $PORT\n" });
    await failsToBuild("bad-script", dir, "build hook \"build\": `sh -c 'exit 3'` exited with code 3");
  });
});
