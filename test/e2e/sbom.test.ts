import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DatabaseSync } from "node:sqlite";
import { Hop3Fixture, repoRoot } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { cycloneDxProblems } from "../support/cyclonedx-schema.ts";

interface Component {
  type: string;
  name: string;
  group?: string;
  version: string;
  purl: string;
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
}
interface Bom {
  specVersion: string;
  metadata: { component: { name: string; version: string }; properties: { name: string; value: string }[] };
  components: Component[];
}

const property = (bom: Bom, name: string) => bom.metadata.properties.find((p) => p.name === name)?.value;

// One server: a few sample apps, one per builder worth checking (Python/uv, npm, Go, Bundler),
// and flask-app for a redeploy that bumps one pin, a rollback, tampering and pruning.
describe("SBOM of every release", () => {
  let hop3: Hop3Fixture;
  const sbomOf = async (app: string, ...args: string[]): Promise<Bom> => {
    const result = await hop3.cli(["sbom", app, ...args]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Bom;
  };
  const deploy = async (app: string, dir: string) => {
    const result = await hop3.cli(["deploy", "--app", app, dir]);
    assert.equal(result.code, 0, `deploy of ${app} failed:\n${result.stdout}${result.stderr}`);
    return result.stdout + result.stderr;
  };

  before(async () => {
    // Two kept builds: the fourth flask-app release prunes the second's build and SBOM.
    hop3 = await Hop3Fixture.start({ env: { HOP3_KEEP_RELEASES: "2" } });
  });
  after(async () => {
    await hop3?.close();
  });

  test("a Python (uv) app's SBOM validates against CycloneDX 1.6 and lists uv.lock's runtime pins, the interpreter and its Debian packages", async () => {
    const output = await deploy("python-uv", copySample("python-uv"));
    assert.match(output, /-----> Recorded the SBOM \(CycloneDX 1\.6\): \d+ components, runtime python 3\.11\.\d+/);
    const bom = await sbomOf("python-uv");
    assert.deepEqual(cycloneDxProblems(bom), []);
    assert.equal(bom.specVersion, "1.6");
    assert.equal(bom.metadata.component.name, "python-uv");
    assert.equal(property(bom, "hop3:release"), "1");
    assert.equal(property(bom, "hop3:builder"), "python");
    assert.match(property(bom, "hop3:built-at") ?? "", /^\d{4}-\d\d-\d\dT/);
    const purls = bom.components.map((c) => c.purl);
    assert.ok(purls.includes("pkg:pypi/gunicorn@23.0.0"), purls.join("\n"));
    assert.ok(purls.includes("pkg:pypi/packaging@26.3"), purls.join("\n"));
    assert.ok(!purls.some((p) => p.startsWith("pkg:pypi/iniconfig")), "a dev dependency is not installed, so not listed");
    const python = bom.components.find((c) => c.type === "platform");
    assert.equal(python?.name, "python");
    assert.match(python?.version ?? "", /^3\.11\.\d+$/);
    const debianPackage = python?.properties?.find((p) => p.name === "hop3:debian-package")?.value;
    assert.ok(debianPackage, "the interpreter's Debian package is named");
    assert.ok(purls.some((p) => p.startsWith(`pkg:deb/debian/${debianPackage}@`)));
    assert.ok(purls.some((p) => p.startsWith("pkg:deb/debian/libc6@")), "the runtime's dependencies are listed");
  });

  test("a Node.js (npm) app's SBOM lists every package package-lock.json installs, with its version, purl and sha512", async () => {
    await deploy("express-app", copySample("express-app"));
    const bom = await sbomOf("express-app");
    assert.deepEqual(cycloneDxProblems(bom), []);
    const lock = JSON.parse(readFileSync(join(repoRoot, "test/apps/express-app/package-lock.json"), "utf8")) as { packages: Record<string, { version: string; integrity?: string; dev?: boolean }> };
    const pinned = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && entry.dev !== true);
    assert.ok(pinned.length > 20);
    for (const [path, entry] of pinned) {
      const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
      const purl = `pkg:npm/${name.replace("@", "%40")}@${entry.version}`;
      const component = bom.components.find((c) => c.purl === purl);
      assert.ok(component, `${purl} is missing`);
      if (entry.integrity?.startsWith("sha512-")) assert.deepEqual(component.hashes, [{ alg: "SHA-512", content: Buffer.from(entry.integrity.slice(7), "base64").toString("hex") }]);
    }
    assert.match(bom.components.find((c) => c.type === "platform" && c.name === "node")?.version ?? "", /^\d+\.\d+\.\d+$/);
  });

  test("a Go app's SBOM names the Go toolchain it was built with; a Ruby app's lists the gems Gemfile.lock pins", async () => {
    await deploy("go-app", copySample("go-app"));
    const go = await sbomOf("go-app");
    assert.deepEqual(cycloneDxProblems(go), []);
    assert.equal(property(go, "hop3:builder"), "go");
    assert.match(go.components.find((c) => c.type === "platform")?.version ?? "", /^1\.\d+(\.\d+)?$/);

    await deploy("ruby-app", copySample("ruby-app"));
    const ruby = await sbomOf("ruby-app");
    assert.deepEqual(cycloneDxProblems(ruby), []);
    assert.ok(ruby.components.some((c) => c.purl === "pkg:gem/hop3-greeting@0.1.0"), ruby.components.map((c) => c.purl).join("\n"));
    assert.equal(ruby.components.find((c) => c.type === "platform")?.name, "ruby");
  });

  test("serves SPDX 2.3 JSON made from the same components", async () => {
    const result = await hop3.cli(["sbom", "python-uv", "--format", "spdx-json"]);
    assert.equal(result.code, 0, result.stderr);
    const spdx = JSON.parse(result.stdout) as { spdxVersion: string; packages: { name: string; versionInfo: string; externalRefs?: { referenceLocator: string }[] }[]; relationships: { relationshipType: string }[] };
    assert.equal(spdx.spdxVersion, "SPDX-2.3");
    const gunicorn = spdx.packages.find((p) => p.name === "gunicorn");
    assert.equal(gunicorn?.versionInfo, "23.0.0");
    assert.equal(gunicorn?.externalRefs?.[0]?.referenceLocator, "pkg:pypi/gunicorn@23.0.0");
    assert.equal(spdx.relationships.filter((r) => r.relationshipType === "DESCRIBES").length, 1);
    const bad = await hop3.cli(["sbom", "python-uv", "--format", "xml"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /"xml" is not an SBOM format: use cyclonedx-json or spdx-json/);
  });

  test("a redeploy that bumps one pin shows exactly that change in sbom:diff; a rollback serves the SBOM of the release it brings back", async () => {
    const dir = copySample("flask-app");
    await deploy("flask-app", dir);
    writeFileSync(join(dir, "requirements.txt"), readFileSync(join(dir, "requirements.txt"), "utf8").replace("markupsafe==3.0.4", "markupsafe==3.0.3"));
    await deploy("flask-app", dir);

    const json = await hop3.cli(["sbom:diff", "flask-app", "1", "2", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { app: "flask-app", from: 1, to: 2, added: [], removed: [], changed: [{ package: "pkg:pypi/markupsafe", name: "MarkupSafe", from: "3.0.4", to: "3.0.3" }] });
    const text = await hop3.cli(["sbom:diff", "flask-app", "v1", "v2"]);
    assert.match(text.stdout, /flask-app v1 → v2: 1 changed, 0 added, 0 removed/);
    assert.match(text.stdout, /changed +MarkupSafe +3\.0\.4 → 3\.0\.3 +pkg:pypi\/markupsafe/);

    const rollback = await hop3.cli(["rollback", "flask-app", "1"]);
    assert.equal(rollback.code, 0, rollback.stderr);
    const served = await sbomOf("flask-app");
    assert.equal(property(served, "hop3:release"), "1");
    assert.ok(served.components.some((c) => c.purl === "pkg:pypi/markupsafe@3.0.4"));
    const api = await hop3.api("/v1/apps/flask-app/sbom?release=3");
    assert.equal(api.status, 200);
    assert.equal((JSON.parse(api.body) as Bom).metadata.component.version, "1");
  });

  test("a tampered or truncated stored SBOM is reported as SBOM_CORRUPT, not served", async () => {
    const db = new DatabaseSync(join(hop3.home, "hop3.db"));
    const rowOf = (release: number) => "(SELECT r.id FROM releases r JOIN apps a ON a.id = r.app_id WHERE a.name = 'flask-app' AND r.number = " + release + ")";
    try {
      db.prepare(`UPDATE release_sboms SET document = replace(document, '"3.0.3"', '"3.0.9"') WHERE release_id = ${rowOf(2)}`).run();
      db.prepare(`UPDATE release_sboms SET document = substr(document, 1, length(document) / 2) WHERE release_id = ${rowOf(1)}`).run();
    } finally {
      db.close();
    }
    const edited = await hop3.cli(["sbom", "flask-app", "--release", "2"]);
    assert.notEqual(edited.code, 0);
    assert.match(edited.stderr, /error: The stored SBOM of app "flask-app" release 2 does not match its recorded SHA-256 .*: it was changed or truncated after the build; it is not served\./);
    assert.match(edited.stderr, /hint: The state database was changed outside Hop3/);
    assert.equal(edited.stdout, "");
    const truncated = await hop3.api("/v1/apps/flask-app/sbom?release=3");
    assert.equal(truncated.status, 500);
    const error = JSON.parse(truncated.body) as { error: { code: string; message: string } };
    assert.equal(error.error.code, "SBOM_CORRUPT");
    assert.match(error.error.message, /release 3 \(the build of release 1\) does not match its recorded SHA-256/);
    const diff = await hop3.cli(["sbom:diff", "flask-app", "1", "2"]);
    assert.notEqual(diff.code, 0);
  });

  test("an SBOM is pruned with its build", async () => {
    // Keep-releases is 2: release 4 and the rollback's build (1) stay, release 2's goes.
    await deploy("flask-app", copySample("flask-app"));
    // Pruning follows the switch in the background (ADR 40): once the old instance is gone.
    await hop3.instancesAfterDrain("flask-app");
    let pruned = await hop3.cli(["sbom", "flask-app", "--release", "2"]);
    for (let i = 0; i < 100 && !/has no SBOM for release 2/.test(pruned.stderr); i++) {
      await sleep(200);
      pruned = await hop3.cli(["sbom", "flask-app", "--release", "2"]);
    }
    assert.notEqual(pruned.code, 0);
    assert.match(pruned.stderr, /has no SBOM for release 2: it was built before SBOMs were recorded, or its build was pruned/);
    const db = new DatabaseSync(join(hop3.home, "hop3.db"), { readOnly: true });
    try {
      const left = db.prepare("SELECT r.number FROM release_sboms s JOIN releases r ON r.id = s.release_id JOIN apps a ON a.id = r.app_id WHERE a.name = 'flask-app' ORDER BY r.number").all();
      assert.deepEqual(left.map((row) => Number(row.number)), [1, 4]);
    } finally {
      db.close();
    }
  });
});
