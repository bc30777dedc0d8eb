import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endObjectTar, readObjectTar, writeObjectEntry } from "./object-tar.ts";

const dir = mkdtempSync(join(tmpdir(), "hop3-object-tar-"));
const longKey = `photos/${"x".repeat(120)}/été.jpg`;

test("an export is a tar GNU tar lists, and reads back to the same keys and bytes (long and non-ASCII keys too)", async () => {
  const file = join(dir, "objects.tar");
  const out = await open(file, "w");
  await writeObjectEntry(out, "kept.txt", Buffer.from("kept-object"));
  await writeObjectEntry(out, longKey, Buffer.alloc(1000, 7));
  await writeObjectEntry(out, "empty", Buffer.alloc(0));
  await endObjectTar(out);
  await out.close();
  const listed = spawnSync("tar", ["-tf", file], { encoding: "utf8" });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split("\n"), ["kept.txt", longKey, "empty"]);
  const input = await open(file, "r");
  const entries = await readObjectTar(input);
  assert.deepEqual(entries.map((e) => [e.key, e.size]), [["kept.txt", 11], [longKey, 1000], ["empty", 0]]);
  const first = Buffer.alloc(11);
  await input.read(first, 0, 11, entries[0]?.offset ?? 0);
  assert.equal(first.toString(), "kept-object");
  await input.close();
});

test("a file that is not such a tar is refused whole: text, a bad checksum, a truncated tar, a directory entry, a '..' key", async () => {
  const good = join(dir, "good.tar");
  const out = await open(good, "w");
  await writeObjectEntry(out, "a", Buffer.from("aaa"));
  await endObjectTar(out);
  await out.close();
  const bytes = readFileSync(good);
  const corrupt = Buffer.from(bytes);
  corrupt[0] = "b".charCodeAt(0);
  const cases: [string, Buffer, RegExp][] = [
    ["text", Buffer.from("DROP TABLE kv; this is not a dump\n"), /ends before|no tar header/],
    ["checksum", corrupt, /checksum/],
    ["truncated", bytes.subarray(0, 600), /cut short|ends before/],
  ];
  const dirTar = join(dir, "with-dir.tar");
  spawnSync("tar", ["-cf", dirTar, "-C", dir, "--format=ustar", "--no-recursion", "."]);
  cases.push(["directory", readFileSync(dirTar), /type "5"/]);
  for (const [what, content, message] of cases) {
    const file = join(dir, `${what}.tar`);
    writeFileSync(file, content);
    const input = await open(file, "r");
    await assert.rejects(readObjectTar(input), message, what);
    await input.close();
  }
  const dots = await open(join(dir, "dots.tar"), "w");
  await writeObjectEntry(dots, "a/../b", Buffer.from("x"));
  await endObjectTar(dots);
  await dots.close();
  const input = await open(join(dir, "dots.tar"), "r");
  await assert.rejects(readObjectTar(input), /key S3 cannot take/);
  await input.close();
});
