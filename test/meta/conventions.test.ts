import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { errorCatalogue } from "@hop3/contract";

const root = resolve(import.meta.dirname, "../..");

test("docs/errors.md documents exactly the codes of the error catalogue", () => {
  const documented = [...readFileSync(join(root, "docs/errors.md"), "utf8").matchAll(/^## ([A-Z0-9_]+)$/gm)].map((m) => m[1]);
  assert.deepEqual(documented.sort(), Object.keys(errorCatalogue).sort());
});

test("every builder driver folder has the same files", () => {
  const buildDir = join(root, "packages/server/src/build");
  const drivers = readdirSync(buildDir).filter((name) => statSync(join(buildDir, name)).isDirectory());
  assert.ok(drivers.length >= 4);
  for (const driver of drivers) {
    const files = readdirSync(join(buildDir, driver));
    for (const required of ["detect.ts", "build.ts", "index.ts"]) assert.ok(files.includes(required), `build/${driver}/ lacks ${required}`);
  }
});

test("no source file outside exec/ spawns processes", () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !path.includes("/exec/") && /^import (?!type )[^;]*from "node:child_process"/m.test(readFileSync(path, "utf8"))) offenders.push(path.slice(root.length + 1));
    }
  };
  walk(join(root, "packages/server/src"));
  assert.deepEqual(offenders, []);
});
