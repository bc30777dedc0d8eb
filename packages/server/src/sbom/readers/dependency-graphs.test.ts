import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReleaseReader } from "../release-reader.ts";
import { cargoLockComponents, manifestLicense, readCargoCrates } from "./cargo-crates.ts";
import { composerLockComponents } from "./composer-packages.ts";
import { dependencyTreeComponents, readMavenArtifacts } from "./maven-artifacts.ts";
import { npmLockComponents } from "./node-packages.ts";

const edges = (components: readonly { purl: string; dependsOn?: readonly string[] | undefined; direct?: boolean | undefined }[]) =>
  Object.fromEntries(components.map((c) => [c.purl, { dependsOn: c.dependsOn, direct: c.direct }]));

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "hop3-sbom-graph-")));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const cargoLock = `version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde",
 "rand 0.8.5",
]

[[package]]
name = "serde"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "${"a".repeat(64)}"
dependencies = [
 "rand 0.9.0",
]

[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "rand"
version = "0.9.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
`;

test("Cargo.lock: edges by name, or name and version when two are locked; the app's crate's needs are direct", () => {
  assert.deepEqual(edges(cargoLockComponents(cargoLock)), {
    "pkg:cargo/serde@1.0.200": { dependsOn: ["pkg:cargo/rand@0.9.0"], direct: true },
    "pkg:cargo/rand@0.8.5": { dependsOn: [], direct: true },
    "pkg:cargo/rand@0.9.0": { dependsOn: [], direct: false },
  });
});

test("a crate's licence is read from its Cargo.toml in the app's Cargo registry, and only from [package]", async () => {
  assert.equal(manifestLicense('[package]\nname = "x"\nlicense = "MIT OR Apache-2.0"\n\n[dependencies]\nlicense = "no"\n'), "MIT OR Apache-2.0");
  assert.equal(manifestLicense('[package]\nname = "x"\n\n[badges]\nlicense = "no"\n'), undefined);
  const root = tree({ "app/Cargo.lock": cargoLock, "cache/cargo/registry/src/index.crates.io-1949cf8c6b5b557f/serde-1.0.200/Cargo.toml": '[package]\nname = "serde"\nlicense = "MIT OR Apache-2.0"\n' });
  const crates = await readCargoCrates(new ReleaseReader([root]), join(root, "app"), join(root, "cache/cargo"));
  assert.deepEqual(crates.map((c) => [c.purl, c.licenses]), [["pkg:cargo/serde@1.0.200", ["MIT OR Apache-2.0"]], ["pkg:cargo/rand@0.8.5", []], ["pkg:cargo/rand@0.9.0", []]]);
});

test("composer.lock: each package's require as edges (platform requirements left out), composer.json's require as direct", () => {
  const lock = JSON.stringify({
    packages: [
      { name: "symfony/console", version: "v7.1.0", license: ["MIT"], require: { php: ">=8.2", "ext-mbstring": "*", "Symfony/String": "^7" } },
      { name: "symfony/string", version: "v7.1.0", license: ["MIT"] },
    ],
  });
  assert.deepEqual(edges(composerLockComponents(lock, JSON.stringify({ require: { php: ">=8.2", "symfony/console": "^7" } }))), {
    "pkg:composer/symfony/console@7.1.0": { dependsOn: ["pkg:composer/symfony/string@7.1.0"], direct: true },
    "pkg:composer/symfony/string@7.1.0": { dependsOn: [], direct: false },
  });
});

test("package-lock.json: a dependency resolves to the nearest node_modules up from its dependent, as Node loads it", () => {
  const lock = JSON.stringify({
    packages: {
      "": { name: "app", dependencies: { a: "^1", c: "^1" } },
      "node_modules/a": { version: "1.0.0", dependencies: { b: "^2" } },
      "node_modules/a/node_modules/b": { version: "2.0.0", dependencies: { c: "^1" } },
      "node_modules/b": { version: "1.0.0" },
      "node_modules/c": { version: "1.0.0", optionalDependencies: { missing: "*" } },
    },
  });
  assert.deepEqual(edges(npmLockComponents(lock) ?? []), {
    "pkg:npm/a@1.0.0": { dependsOn: ["pkg:npm/b@2.0.0"], direct: true },
    "pkg:npm/b@2.0.0": { dependsOn: ["pkg:npm/c@1.0.0"], direct: false },
    "pkg:npm/b@1.0.0": { dependsOn: [], direct: false },
    "pkg:npm/c@1.0.0": { dependsOn: [], direct: true },
  });
});

const mavenTree = `org.example:shop:jar:1.0
+- org.slf4j:slf4j-simple:jar:2.0.16:compile
|  \\- org.slf4j:slf4j-api:jar:2.0.16:compile
+- org.example:shop-core:jar:1.0:compile
+- io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.0:runtime
\\- junit:junit:jar:4.13.2:test
org.example:shop-core:jar:1.0
\\- org.slf4j:slf4j-api:jar:2.0.16:compile
`;

test("Maven's dependency tree: transitive artifacts with scope and classifier, test scope and the app's own modules left out", () => {
  const components = dependencyTreeComponents(mavenTree);
  assert.deepEqual(edges(components), {
    "pkg:maven/org.slf4j/slf4j-simple@2.0.16": { dependsOn: ["pkg:maven/org.slf4j/slf4j-api@2.0.16"], direct: true },
    "pkg:maven/org.slf4j/slf4j-api@2.0.16": { dependsOn: [], direct: true },
    "pkg:maven/io.netty/netty-transport-native-epoll@4.1.0?classifier=linux-x86_64": { dependsOn: [], direct: true },
  });
  assert.equal(components.find((c) => c.name === "netty-transport-native-epoll")?.properties?.["hop3:maven-scope"], "runtime");
});

test("Maven: licences from the artifact's POM or its parents' in the build's repository, SHA-1 from its .sha1; pom.xml's direct ones without a tree", async () => {
  const repo = "cache/maven/repository";
  const root = tree({
    "app/pom.xml": "<project><dependencies><dependency><groupId>g</groupId><artifactId>direct</artifactId><version>1</version></dependency></dependencies></project>",
    "cache/maven/built-poms/0123456789abcdef": "org.example:shop:jar:1.0\n\\- org.slf4j:slf4j-simple:jar:2.0.16:compile\n",
    [`${repo}/org/slf4j/slf4j-simple/2.0.16/slf4j-simple-2.0.16.pom`]: "<project><parent><groupId>org.slf4j</groupId><artifactId>slf4j-parent</artifactId><version>2.0.16</version></parent></project>",
    [`${repo}/org/slf4j/slf4j-simple/2.0.16/slf4j-simple-2.0.16.jar.sha1`]: `${"b".repeat(40)}  slf4j-simple-2.0.16.jar\n`,
    [`${repo}/org/slf4j/slf4j-parent/2.0.16/slf4j-parent-2.0.16.pom`]: "<project><licenses><license><name>MIT License</name></license></licenses></project>",
  });
  const reader = new ReleaseReader([root]);
  const [simple] = await readMavenArtifacts(reader, join(root, "app"), { trees: join(root, "cache/maven/built-poms"), repository: join(root, repo) });
  assert.deepEqual([simple?.purl, simple?.licenses, simple?.hashes], ["pkg:maven/org.slf4j/slf4j-simple@2.0.16", ["MIT License"], [{ alg: "SHA-1", content: "b".repeat(40) }]]);
  const fallback = await readMavenArtifacts(reader, join(root, "app"), null);
  assert.deepEqual(fallback.map((c) => c.purl), ["pkg:maven/g/direct@1"]);
});

test("Python: Requires-Dist without a marker is an edge to the installed distribution; one with a marker is not claimed", async () => {
  const site = "venv/lib/python3.11/site-packages";
  const root = tree({
    [`${site}/flask-3.1.3.dist-info/METADATA`]: "Name: Flask\nVersion: 3.1.3\nRequires-Dist: Werkzeug>=3.1\nRequires-Dist: importlib-metadata>=3.6; python_version < \"3.10\"\nRequires-Dist: asgiref>=3.2; extra == \"async\"\n",
    [`${site}/werkzeug-3.1.3.dist-info/METADATA`]: "Name: werkzeug\nVersion: 3.1.3\n",
    [`${site}/importlib_metadata-8.0.0.dist-info/METADATA`]: "Name: importlib_metadata\nVersion: 8.0.0\n",
  });
  const { readPythonPackages } = await import("./python-packages.ts");
  const components = await readPythonPackages(new ReleaseReader([root]), join(root, "venv"));
  assert.deepEqual(components.find((c) => c.name === "Flask")?.dependsOn, ["pkg:pypi/werkzeug@3.1.3"]);
});

test("Go: each module's requirements from its go.mod in the module cache, pointing at the version go.mod selected", async () => {
  const root = tree({
    "app/go.mod": "module example.org/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/BurntSushi/toml v1.4.0\n\tgolang.org/x/text v0.20.0 // indirect\n)\n",
    "cache/go/mod/cache/download/github.com/!burnt!sushi/toml/@v/v1.4.0.mod": "module github.com/BurntSushi/toml\n\nrequire golang.org/x/text v0.3.0\n",
  });
  const { readGoModules } = await import("./go-modules.ts");
  const modules = await readGoModules(new ReleaseReader([root]), join(root, "app"), join(root, "cache/go/mod"));
  assert.deepEqual(edges(modules), {
    "pkg:golang/github.com/BurntSushi/toml@v1.4.0": { dependsOn: ["pkg:golang/golang.org/x/text@v0.20.0"], direct: undefined },
    "pkg:golang/golang.org/x/text@v0.20.0": { dependsOn: undefined, direct: undefined },
  });
});
