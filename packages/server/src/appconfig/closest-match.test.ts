import assert from "node:assert/strict";
import { test } from "node:test";
import { closestMatch, editDistance } from "./closest-match.ts";

test("counts a swap of two adjacent letters as one edit", () => {
  assert.equal(editDistance("strat", "start"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

test("suggests the closest candidate for a typo", () => {
  assert.equal(closestMatch("strat", ["start", "before-run", "packages"]), "start");
  assert.equal(closestMatch("toolchian", ["builder", "toolchain"]), "toolchain");
});

test("forgives case and underscores in place of hyphens", () => {
  assert.equal(closestMatch("Before_Build", ["build", "before-build"]), "before-build");
});

test("suggests nothing when no candidate is a plausible typo", () => {
  assert.equal(closestMatch("database", ["start", "packages", "workers"]), undefined);
  assert.equal(closestMatch("x", []), undefined);
});
