import { test } from "node:test";
import assert from "node:assert/strict";
import { cargoLockComponents } from "./cargo-crates.ts";
import { composerLockComponents } from "./composer-packages.ts";
import { goModComponents } from "./go-modules.ts";
import { pomComponents } from "./maven-artifacts.ts";
import { gemfileLockComponents } from "./ruby-gems.ts";

test("Cargo.lock: registry crates with purl and SHA-256 checksum; the app's own crate and git crates' checksums are not claimed", () => {
  const lock = `version = 4

[[package]]
name = "itoa"
version = "1.0.19"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "3bd1574e617a9a6c1f8f8181bd7e841e1f20e4277607ef28945765188d6284d4"

[[package]]
name = "rust-app"
version = "0.1.0"
dependencies = ["itoa"]

[[package]]
name = "forked"
version = "0.2.0"
source = "git+https://example.org/forked.git#abc"
`;
  assert.deepEqual(cargoLockComponents(lock), [
    { type: "library", name: "itoa", version: "1.0.19", purl: "pkg:cargo/itoa@1.0.19", licenses: [], hashes: [{ alg: "SHA-256", content: "3bd1574e617a9a6c1f8f8181bd7e841e1f20e4277607ef28945765188d6284d4" }], dependsOn: [], direct: true },
    { type: "library", name: "forked", version: "0.2.0", purl: "pkg:cargo/forked@0.2.0?vcs_url=git%2Bhttps:%2F%2Fexample.org%2Fforked.git%23abc", licenses: [], hashes: [], dependsOn: [], direct: false },
  ]);
});

test("Gemfile.lock: the locked gems (not their requirement lines), platform gems with a qualifier, SHA-256 from CHECKSUMS", () => {
  const lock = `GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)
    rack (3.0.8)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  rack (= 3.0.8)

CHECKSUMS
  rack (3.0.8) sha256=${"a".repeat(64)}
`;
  const components = gemfileLockComponents(lock);
  assert.deepEqual(
    components.map((c) => [c.purl, c.hashes]),
    [
      ["pkg:gem/nokogiri@1.16.0?platform=x86_64-linux", []],
      ["pkg:gem/racc@1.7.3", []],
      ["pkg:gem/rack@3.0.8", [{ alg: "SHA-256", content: "a".repeat(64) }]],
    ],
  );
});

test("composer.lock: runtime packages with vendor, licence and SHA-1; dev packages and a `v` prefix left out", () => {
  const lock = JSON.stringify({
    packages: [{ name: "symfony/yaml", version: "v7.1.0", license: ["MIT"], dist: { shasum: "b".repeat(40) } }, { name: "monolog/monolog", version: "3.5.0", license: ["MIT"], dist: { shasum: "" } }],
    "packages-dev": [{ name: "phpunit/phpunit", version: "11.0.0" }],
  });
  assert.deepEqual(composerLockComponents(lock), [
    { type: "library", name: "yaml", group: "symfony", version: "7.1.0", purl: "pkg:composer/symfony/yaml@7.1.0", licenses: ["MIT"], hashes: [{ alg: "SHA-1", content: "b".repeat(40) }], dependsOn: [], direct: false },
    { type: "library", name: "monolog", group: "monolog", version: "3.5.0", purl: "pkg:composer/monolog/monolog@3.5.0", licenses: ["MIT"], hashes: [], dependsOn: [], direct: false },
  ]);
  assert.deepEqual(composerLockComponents("{not json"), []);
});

test("go.mod: every requirement (direct and indirect), replacements applied, go.sum's h1 kept as a property", () => {
  const mod = `module example.com/app

go 1.22

require github.com/google/uuid v1.6.0

require (
	golang.org/x/text v0.14.0 // indirect
	example.com/old v1.0.0
)

replace example.com/old => example.com/new v1.2.0
`;
  const sum = "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:xyz=\n";
  const components = goModComponents(mod, sum);
  assert.deepEqual(
    components.map((c) => [c.name, c.version, c.purl, c.properties]),
    [
      ["github.com/google/uuid", "v1.6.0", "pkg:golang/github.com/google/uuid@v1.6.0", { "hop3:go-sum": "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=" }],
      ["golang.org/x/text", "v0.14.0", "pkg:golang/golang.org/x/text@v0.14.0", undefined],
      ["example.com/new", "v1.2.0", "pkg:golang/example.com/new@v1.2.0", undefined],
    ],
  );
});

test("pom.xml: compile and runtime dependencies with their versions (properties resolved); test scope, managed versions and plugins left out", () => {
  const pom = `<project>
  <groupId>org.example</groupId><artifactId>app</artifactId><version>1.0</version>
  <properties><slf4j.version>2.0.9</slf4j.version></properties>
  <dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>managed</artifactId><version>9</version></dependency></dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>\${slf4j.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <!-- <dependency><groupId>c</groupId><artifactId>commented</artifactId><version>1</version></dependency> -->
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.1</version><scope>runtime</scope></dependency>
  </dependencies>
  <build><plugins><plugin><groupId>p</groupId><artifactId>plugin</artifactId><version>3</version></plugin></plugins></build>
</project>`;
  assert.deepEqual(
    pomComponents(pom).map((c) => c.purl),
    ["pkg:maven/org.slf4j/slf4j-api@2.0.9", "pkg:maven/org.postgresql/postgresql@42.7.1"],
  );
});
