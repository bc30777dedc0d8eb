import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

test("docs/architecture.md names every builder driver folder", () => {
  const buildDir = join(root, "packages/server/src/build");
  const drivers = readdirSync(buildDir).filter((name) => statSync(join(buildDir, name)).isDirectory());
  const architecture = readFileSync(join(root, "docs/architecture.md"), "utf8");
  assert.deepEqual(drivers.filter((driver) => !architecture.includes(` ${driver}/`)), []);
});
