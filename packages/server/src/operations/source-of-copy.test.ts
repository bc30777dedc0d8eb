import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultReleaseSettings, type Release, type ReleaseSource } from "../core/release.ts";
import { sourceOfCopy } from "./source-of-copy.ts";

const sha = "a".repeat(40);

function release(number: number, source: ReleaseSource, buildOf = number): Release {
  return {
    id: number,
    appId: 1,
    number,
    status: "succeeded",
    source,
    builder: "python",
    processes: { web: "run" },
    env: {},
    staticRoot: null,
    settings: defaultReleaseSettings,
    buildOf,
    error: null,
    createdAt: "2026-11-23T00:00:00.000Z",
    finishedAt: null,
  };
}

test("a copy of a pushed release names the same commit", () => {
  assert.deepEqual(sourceOfCopy(release(2, { kind: "git", sha, ref: "refs/heads/main" })), { kind: "git", sha, ref: "refs/heads/main" });
});

test("a copy of a rollback of a pushed release names that commit", () => {
  assert.deepEqual(sourceOfCopy(release(3, { kind: "rollback", sha, ref: "refs/heads/main" }, 1)), { kind: "git", sha, ref: "refs/heads/main" });
});

test("a copy of a config release takes the commit of the build it runs", () => {
  const build = release(1, { kind: "git", sha, ref: "refs/heads/main" });
  assert.deepEqual(sourceOfCopy(release(2, { kind: "config" }, 1), build), { kind: "git", sha, ref: "refs/heads/main" });
});

test("a copy of an uploaded release is an upload", () => {
  assert.deepEqual(sourceOfCopy(release(1, { kind: "upload" })), { kind: "upload" });
  assert.deepEqual(sourceOfCopy(release(2, { kind: "config" }, 1), release(1, { kind: "upload" })), { kind: "upload" });
});
