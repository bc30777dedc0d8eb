import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buffer } from "node:stream/consumers";
import { untar } from "../test-support/untar.ts";
import { packFiles } from "./pack-files.ts";

test("packs exactly the listed files into a gzipped tar, paths relative to the directory", async () => {
  const root = await mkdtemp(join(tmpdir(), "hop3-tar-"));
  try {
    await mkdir(join(root, "lib"));
    await writeFile(join(root, "app.py"), "print(1)\n");
    await writeFile(join(root, "lib", "util.py"), "x = 1\n");
    await writeFile(join(root, "@scope.txt"), "at\n");
    await writeFile(join(root, "not-listed.txt"), "no\n");
    const entries = await untar(await buffer(packFiles(root, ["app.py", "lib/util.py", "@scope.txt"])));
    assert.deepEqual(
      [...entries].sort(),
      [
        ["@scope.txt", "at\n"],
        ["app.py", "print(1)\n"],
        ["lib/util.py", "x = 1\n"],
      ],
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
