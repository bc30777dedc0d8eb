import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { listFiles } from "./list-files.ts";

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "hop3-pack-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-C", dir, ...args], { stdio: "ignore" });
}

test("uploads only the files git tracks in a work tree, not untracked ones", async () => {
  const root = await tree({ "app.py": "print(1)\n", "Procfile": "web: python app.py\n", "lib/util.py": "x = 1\n", "notes.txt": "untracked\n" });
  git(root, "init", "-q");
  git(root, "add", "app.py", "Procfile", "lib/util.py");
  const listed = await listFiles(root);
  assert.equal(listed.source, "git");
  assert.deepEqual(listed.files.sort(), ["Procfile", "app.py", "lib/util.py"]);
  assert.deepEqual(listed.untracked, ["notes.txt"]);
  assert.equal(listed.bytes, "print(1)\n".length + "web: python app.py\n".length + "x = 1\n".length);
});

test("skips tracked files deleted from the work tree", async () => {
  const root = await tree({ "app.py": "1", "gone.py": "2" });
  git(root, "init", "-q");
  git(root, "add", ".");
  await rm(join(root, "gone.py"));
  assert.deepEqual((await listFiles(root)).files, ["app.py"]);
});

test("lists a subdirectory of a work tree relative to that subdirectory", async () => {
  const root = await tree({ "README": "r", "apps/blog/app.py": "1", "apps/blog/static/x.css": "2", "apps/other/y": "3" });
  git(root, "init", "-q");
  git(root, "add", ".");
  assert.deepEqual((await listFiles(join(root, "apps/blog"))).files.sort(), ["app.py", "static/x.css"]);
});

test("outside git, skips what the root .gitignore ignores, and .git", async () => {
  const root = await tree({
    ".gitignore": "*.log\nnode_modules/\n/build\n",
    "index.js": "1",
    "debug.log": "x",
    "node_modules/left-pad/index.js": "x",
    "build/out.js": "x",
    "src/build/keep.js": "1",
    ".git/HEAD": "x",
  });
  const listed = await listFiles(root);
  assert.equal(listed.source, "walk");
  assert.deepEqual(listed.files.sort(), [".gitignore", "index.js", "src/build/keep.js"]);
});

test("outside git, applies nested .gitignore files relative to their directory, deeper ones overriding", async () => {
  const root = await tree({
    ".gitignore": "*.tmp\n",
    "a.tmp": "x",
    "web/.gitignore": "/dist\n!keep.tmp\n",
    "web/dist/app.js": "x",
    "web/keep.tmp": "1",
    "web/drop.tmp": "x",
    "web/src/dist/kept.js": "1",
    "api/dist/server.js": "1",
  });
  assert.deepEqual((await listFiles(root)).files.sort(), [".gitignore", "api/dist/server.js", "web/.gitignore", "web/keep.tmp", "web/src/dist/kept.js"]);
});

test("outside git, lists symbolic links without following them", async () => {
  const root = await tree({ "real/file.txt": "1" });
  await symlink("real", join(root, "link"));
  assert.deepEqual((await listFiles(root)).files.sort(), ["link", "real/file.txt"]);
});
