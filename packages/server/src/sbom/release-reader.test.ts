import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReleaseReader } from "./release-reader.ts";

function appRoot(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "hop3-reader-")));
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "ok.json"), "{}");
  writeFileSync(join(root, "secret"), "outside the app");
  return root;
}

test("reads files inside the app and follows links that stay inside it", async () => {
  const root = appRoot();
  symlinkSync(join(root, "app", "ok.json"), join(root, "app", "inside.json"));
  const reader = new ReleaseReader([join(root, "app")]);
  assert.equal(await reader.readText(join(root, "app", "ok.json")), "{}");
  assert.equal(await reader.readText(join(root, "app", "inside.json")), "{}");
  assert.deepEqual(reader.skipped, []);
});

test("refuses a link leaving the app, a dangling link and a special file, and says which", async () => {
  const root = appRoot();
  symlinkSync(join(root, "secret"), join(root, "app", "package-lock.json"));
  symlinkSync("/etc/passwd", join(root, "app", "Cargo.lock"));
  symlinkSync(join(root, "app", "nowhere"), join(root, "app", "go.mod"));
  const reader = new ReleaseReader([join(root, "app")]);
  assert.equal(await reader.readText(join(root, "app", "package-lock.json")), undefined);
  assert.equal(await reader.readText(join(root, "app", "Cargo.lock")), undefined);
  assert.equal(await reader.readText(join(root, "app", "go.mod")), undefined);
  assert.equal(await reader.readText(join(root, "app")), undefined);
  assert.deepEqual(await reader.list(join(root, "app", "package-lock.json")), []);
  assert.equal(reader.skipped.filter((line) => line.endsWith("a link out of the app's directory")).length, 3);
  assert.ok(reader.skipped.some((line) => line.endsWith("go.mod: a link to nothing")));
});

test("stops at the size and count limits", async () => {
  const root = appRoot();
  writeFileSync(join(root, "app", "big.lock"), "x".repeat(100));
  const reader = new ReleaseReader([join(root, "app")], { fileBytes: 50, totalBytes: 1000, entries: 3 });
  assert.equal(await reader.readText(join(root, "app", "big.lock")), undefined);
  assert.ok(reader.skipped.some((line) => line.includes("100 bytes, over 50")));
  assert.equal(await reader.readText(join(root, "app", "ok.json")), "{}");
  assert.deepEqual(await reader.list(join(root, "app")), ["big.lock", "ok.json"]);
  assert.equal(await reader.readText(join(root, "app", "ok.json")), undefined, "the fourth entry is over the count");
  assert.ok(reader.skipped.some((line) => line.startsWith("more than 3 files")));
});
