import assert from "node:assert/strict";
import { test } from "node:test";
import { cargoBinaries } from "./build.ts";

void test("lists the binary targets of the workspace's packages from cargo metadata", () => {
  const metadata = {
    packages: [
      { targets: [{ name: "server", kind: ["bin"] }, { name: "shop", kind: ["lib"] }] },
      { targets: [{ name: "migrate", kind: ["bin"] }, { name: "server", kind: ["bin"] }] },
    ],
  };
  assert.deepEqual(cargoBinaries([JSON.stringify(metadata)]), ["server", "migrate"]);
  assert.deepEqual(cargoBinaries(['{"packages": []}']), []);
});

void test("fails the build when cargo metadata prints something that is not JSON", () => {
  assert.throws(() => cargoBinaries(["warning: oops"]), /rust: `cargo metadata` did not print valid JSON/);
});
