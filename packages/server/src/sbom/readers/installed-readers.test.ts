import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReleaseReader } from "../release-reader.ts";
import { npmLockComponents, readNodePackages } from "./node-packages.ts";
import { pythonComponent, readPythonPackages } from "./python-packages.ts";

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "hop3-sbom-")));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

test("Python METADATA: name and version, PEP 503 purl, licence from License-Expression, else the classifiers", () => {
  const metadata = "Metadata-Version: 2.1\nName: MarkupSafe\nVersion: 3.0.4\nClassifier: License :: OSI Approved :: BSD License\nLicense: Copyright stuff\n\nLong description\nName: not-this\n";
  assert.deepEqual(pythonComponent(metadata), { type: "library", name: "MarkupSafe", version: "3.0.4", purl: "pkg:pypi/markupsafe@3.0.4", licenses: ["BSD License"], hashes: [] });
  assert.deepEqual(pythonComponent("Name: zope.interface\nVersion: 6.0\nLicense-Expression: ZPL-2.1\n")?.purl, "pkg:pypi/zope-interface@6.0");
  assert.equal(pythonComponent("Name: broken\n"), null);
});

test("reads a virtualenv's site-packages, including one linked from the app's cache", async () => {
  const root = tree({
    "cache/venvs/k/lib/python3.11/site-packages/gunicorn-23.0.0.dist-info/METADATA": "Name: gunicorn\nVersion: 23.0.0\nLicense-Expression: MIT\n",
    "cache/venvs/k/lib/python3.11/site-packages/gunicorn/__init__.py": "",
  });
  mkdirSync(join(root, "releases/1"), { recursive: true });
  symlinkSync(join(root, "cache/venvs/k"), join(root, "releases/1/.venv"));
  const components = await readPythonPackages(new ReleaseReader([root]), join(root, "releases/1/.venv"));
  assert.deepEqual(components.map((c) => [c.purl, c.licenses]), [["pkg:pypi/gunicorn@23.0.0", ["MIT"]]]);
});

test("npm lockfile: installed packages with scope, licence and sha512 as hex; dev, linked and root entries left out", () => {
  const lock = JSON.stringify({
    packages: {
      "": { name: "app" },
      "node_modules/@types/node": { version: "24.0.0", license: "MIT", integrity: "sha512-" + Buffer.from("abc").toString("base64") },
      "node_modules/a/node_modules/b": { version: "1.0.0", license: { type: "ISC" } },
      "node_modules/dev-only": { version: "1.0.0", dev: true },
      "node_modules/linked": { resolved: "../x", link: true },
    },
  });
  assert.deepEqual(npmLockComponents(lock), [
    { type: "library", name: "node", group: "@types", version: "24.0.0", purl: "pkg:npm/%40types/node@24.0.0", licenses: ["MIT"], hashes: [{ alg: "SHA-512", content: "616263" }], dependsOn: [], direct: false },
    { type: "library", name: "b", group: undefined, version: "1.0.0", purl: "pkg:npm/b@1.0.0", licenses: ["ISC"], hashes: [], dependsOn: [], direct: false },
  ]);
});

test("without an npm lockfile, walks node_modules (scopes, nesting, pnpm's store) and lists each package once", async () => {
  const root = tree({
    "app/node_modules/left-pad/package.json": JSON.stringify({ name: "left-pad", version: "1.3.0", license: "WTFPL" }),
    "app/node_modules/@scope/pkg/package.json": JSON.stringify({ name: "@scope/pkg", version: "2.0.0" }),
    "app/node_modules/@scope/pkg/node_modules/inner/package.json": JSON.stringify({ name: "inner", version: "0.1.0" }),
    "app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json": JSON.stringify({ name: "ms", version: "2.1.3" }),
    "app/node_modules/.bin/tool": "",
  });
  symlinkSync(join(root, "app/node_modules/.pnpm/ms@2.1.3/node_modules/ms"), join(root, "app/node_modules/ms"));
  const components = await readNodePackages(new ReleaseReader([root]), join(root, "app"));
  assert.deepEqual(components.map((c) => c.purl).sort(), ["pkg:npm/%40scope/pkg@2.0.0", "pkg:npm/inner@0.1.0", "pkg:npm/left-pad@1.3.0", "pkg:npm/ms@2.1.3"]);
});
