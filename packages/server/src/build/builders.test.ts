import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { constants } from "node:fs";
import { access, mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { copySampleApp, tempDir, testContext } from "./build-fixtures.ts";
import { goBuilder } from "./go/index.ts";
import { nodeBuilder } from "./node/index.ts";
import { pythonBuilder } from "./python/index.ts";
import { staticBuilder } from "./static/index.ts";

// Real builds of the sample apps with the host's toolchains, each in its own temp dirs.
// They reach PyPI, the npm registry and (for go-app, no dependencies) nothing else.

async function sampleContext(sample: string, cacheDir?: string) {
  return testContext({ appDir: await copySampleApp(sample), cacheDir: cacheDir ?? (await tempDir("cache")), home: await tempDir("home") });
}

void describe("real builds of the sample apps", { concurrency: true }, () => {
  void test("python builds flask-app into a cached virtualenv that a second build reuses without installing anything", async () => {
    const cacheDir = await tempDir("cache");
    const first = await sampleContext("flask-app", cacheDir);
    const cold = await pythonBuilder.build(first);
    const venv = cold.env.VIRTUAL_ENV ?? "";
    assert.ok(venv.startsWith(join(cacheDir, "python", "venvs")), venv);
    await access(join(venv, "bin", "gunicorn"), constants.X_OK);
    assert.equal(await readlink(join(first.appDir, ".venv")), venv);
    assert.deepEqual(cold.defaultProcesses, {});
    assert.equal(cold.env.PATH?.split(":")[0], join(venv, "bin"));
    assert.equal(cold.env.PYTHONUNBUFFERED, "1");
    assert.ok(first.lines.includes("-----> Installing dependencies with pip"));

    const second = await sampleContext("flask-app", cacheDir);
    const warm = await pythonBuilder.build(second);
    assert.equal(warm.env.VIRTUAL_ENV, venv);
    assert.ok(second.lines.some((line) => /^-----> Reusing virtualenv [0-9a-f]{16}/.test(line)), second.lines.join("\n"));
    assert.ok(!second.lines.includes("-----> Installing dependencies with pip"));
  });

  void test("python fails with BUILD_FAILED and shows pip's error when a requirement does not exist", async () => {
    const ctx = await sampleContext("flask-app");
    await writeFile(join(ctx.appDir, "requirements.txt"), "hop3-no-such-package-xyz==1.0\n");
    await assert.rejects(pythonBuilder.build(ctx), (error: Hop3Error) => {
      assert.equal(error.code, "BUILD_FAILED");
      assert.match(error.message, /^python: `.*pip install .*-r requirements.txt` exited with code 1$/);
      return true;
    });
    assert.ok(ctx.lines.some((line) => line.includes("No matching distribution found for hop3-no-such-package-xyz")), ctx.lines.join("\n"));
    assert.deepEqual(await readdir(join(ctx.cacheDir, "python", "venvs")), [], "the half-built virtualenv is removed");
  });

  void test("python installs a pyproject.toml project into a virtualenv of its own release", async () => {
    const ctx = testContext({ appDir: await tempDir("app"), cacheDir: await tempDir("cache"), home: await tempDir("home") });
    await writeFile(join(ctx.appDir, "pyproject.toml"), '[project]\nname = "tiny"\nversion = "1.0"\n[tool.setuptools]\npy-modules = ["tiny"]\n');
    await writeFile(join(ctx.appDir, "tiny.py"), "GREETING = 'hi'\n");
    const result = await pythonBuilder.build(ctx);
    assert.equal(result.env.VIRTUAL_ENV, join(ctx.appDir, ".venv"));
    assert.ok((await readdir(join(ctx.appDir, ".venv", "lib"))).length > 0);
    assert.ok(ctx.lines.some((line) => /Successfully installed tiny-1\.0/.test(line)), ctx.lines.join("\n"));
  });

  void test("node without a lockfile warns, runs the build script and falls back to node server.js", async () => {
    const ctx = testContext({ appDir: await tempDir("app"), cacheDir: await tempDir("cache"), home: await tempDir("home") });
    const build = "node -e \"require('fs').writeFileSync('built.txt', process.env.NODE_ENV)\"";
    await writeFile(join(ctx.appDir, "package.json"), JSON.stringify({ name: "no-lock", version: "1.0.0", scripts: { build } }));
    await writeFile(join(ctx.appDir, "server.js"), "");
    const result = await nodeBuilder.build(ctx);
    assert.ok(ctx.lines.some((line) => line.includes("installs are not reproducible without a lockfile")), ctx.lines.join("\n"));
    assert.ok(ctx.lines.includes("-----> Running the build script (npm run build)"));
    assert.ok(ctx.lines.includes("-----> Pruning devDependencies"));
    assert.equal(await readFile(join(ctx.appDir, "built.txt"), "utf8"), "production");
    assert.deepEqual(result.defaultProcesses, { web: "node server.js" });
  });

  void test("node builds express-app from its lockfile, with npm start as the web process", async () => {
    const ctx = await sampleContext("express-app");
    const result = await nodeBuilder.build(ctx);
    await access(join(ctx.appDir, "node_modules", "express", "package.json"));
    assert.ok(ctx.lines.includes("-----> Installing dependencies with npm ci"), ctx.lines.join("\n"));
    assert.deepEqual(result.defaultProcesses, { web: "npm start" });
    assert.equal(result.env.NODE_ENV, "production");
    assert.equal(result.env.PATH?.split(":")[0], join(ctx.appDir, "node_modules", ".bin"));
  });

  void test("go builds go-app into an executable binary that is the default web process", async () => {
    const ctx = await sampleContext("go-app");
    // Compiling the standard library into an empty build cache takes ~20 s; Go's cache is
    // content-addressed and safe to share, so runs after the first reuse one kept in /tmp.
    const sharedBuildCache = join(tmpdir(), "hop3-test-go-build-cache");
    await mkdir(sharedBuildCache, { recursive: true });
    await mkdir(join(ctx.cacheDir, "go"));
    await symlink(sharedBuildCache, join(ctx.cacheDir, "go", "build"));
    const result = await goBuilder.build(ctx);
    const binary = join(ctx.appDir, ".hop3", "bin", "go-app");
    await access(binary, constants.X_OK);
    assert.deepEqual(result.defaultProcesses, { web: binary });
    assert.equal(result.env.PATH?.split(":")[0], join(ctx.appDir, ".hop3", "bin"));
  });

  void test("static serves static-site from its root", async () => {
    const ctx = await sampleContext("static-site");
    const result = await staticBuilder.build(ctx);
    assert.equal(result.staticRoot, ctx.appDir);
  });
});
