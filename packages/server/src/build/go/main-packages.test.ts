import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { goMainPackages, goPackageBinary } from "./main-packages.ts";

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "hop3-go-"));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const main = "// Command server.\npackage main\n\nfunc main() {}\n";

test("a main package at the module root is built as before", async () => {
  assert.deepEqual(await goMainPackages(app({ "go.mod": "module x\n", "main.go": main, "cmd/tool/main.go": main }), []), ["."]);
});

test("the single main package under cmd/ is built when the root is a library", async () => {
  const dir = app({ "go.mod": "module x\n", "lib.go": "package x\n", "cmd/server/main.go": main, "cmd/server/main_test.go": "package main\n", "cmd/shared/util.go": "package shared\n" });
  assert.deepEqual(await goMainPackages(dir, []), ["./cmd/server"]);
  assert.equal(goPackageBinary("./cmd/server"), "server");
});

test("a go-main naming a required module's main package gets go build's binary name, not its major version", () => {
  assert.equal(goPackageBinary("miniflux.app/v2"), "miniflux.app");
  assert.equal(goPackageBinary("example.org/tool/cmd/v2tool"), "v2tool");
});

test("several main packages under cmd/ ask for [build] go-main, naming them", async () => {
  const dir = app({ "go.mod": "module x\n", "cmd/api/main.go": main, "cmd/worker/main.go": main });
  await assert.rejects(goMainPackages(dir, []), (error: Error) => {
    assert.match(error.message, /cmd\/ holds 2: \.\/cmd\/api, \.\/cmd\/worker/);
    assert.match((error as Error & { hint?: string }).hint ?? "", /\[build\] go-main = \["\.\/cmd\/api"\]/);
    return true;
  });
  assert.deepEqual(await goMainPackages(dir, ["./cmd/worker", "./cmd/api"]), ["./cmd/worker", "./cmd/api"]);
});

test("without any main package, go build of the root says what is wrong", async () => {
  assert.deepEqual(await goMainPackages(app({ "go.mod": "module x\n", "lib.go": "package x\n" }), []), ["."]);
});
