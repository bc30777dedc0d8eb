import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parse } from "smol-toml";
import { spawnCli } from "../test-support/spawn-cli.ts";

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function appDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hop3-init-"));
  roots.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

test("writes a commented hop3.toml for the detected builder, valid TOML naming the app", async () => {
  const dir = await appDir({ "go.mod": "module example.org/shop\n" });
  const result = await spawnCli(["init", dir, "--app", "shop"], { env: {} });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `Wrote ${join(dir, "hop3.toml")} for the go builder\n`);
  const text = await readFile(join(dir, "hop3.toml"), "utf8");
  assert.match(text, /# Detected: the go builder\./);
  assert.match(text, /# go-main = \["\.\/cmd\/server"\]/);
  assert.deepEqual(Object.keys(parse(text)), ["metadata", "build", "run", "env"]);
  assert.equal((parse(text).metadata as { id: string }).id, "shop");
});

test("never overwrites an existing hop3.toml", async () => {
  const dir = await appDir({ "hop3.toml": "# mine\n", "package.json": "{}" });
  const result = await spawnCli(["init", dir], { env: {} });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /hop3\.toml exists already: hop3 init does not overwrite it/);
  assert.equal(await readFile(join(dir, "hop3.toml"), "utf8"), "# mine\n");
});
