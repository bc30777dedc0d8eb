import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { constants } from "node:fs";
import { access, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { appConfig, copySampleApp, tempDir, testContext } from "./build-fixtures.ts";
import { phpBuilder } from "./php/index.ts";
import { rubyBuilder } from "./ruby/index.ts";
import { rustBuilder } from "./rust/index.ts";

// Real builds of the Rust, Java, Ruby, PHP and Procfile-only samples with the host's
// toolchains (scripts/bootstrap.sh installs them), each in its own temp dirs.

async function sampleContext(sample: string, options: { cacheDir?: string; processes?: Record<string, string> } = {}) {
  const config = appConfig({ processes: options.processes ?? {} });
  return testContext({ appDir: await copySampleApp(sample), cacheDir: options.cacheDir ?? (await tempDir("cache")), home: await tempDir("home"), config });
}

void describe("real builds of the language samples", { concurrency: true }, () => {
  void test("rust builds rust-app into target/release, and a second build with the same Cargo.lock reuses the cache", async () => {
    const cacheDir = await tempDir("cache");
    const first = await sampleContext("rust-app", { cacheDir });
    const cold = await rustBuilder.build(first);
    await access(join(first.appDir, "target", "release", "rust-app"), constants.X_OK);
    assert.deepEqual(cold.defaultProcesses, { web: "rust-app" });
    assert.equal(cold.env.PATH?.split(":")[0], join(first.appDir, "target", "release"));
    assert.ok(first.lines.some((line) => /Compiling itoa/.test(line)), first.lines.join("\n"));

    const second = await sampleContext("rust-app", { cacheDir });
    await rustBuilder.build(second);
    assert.ok(!second.lines.some((line) => /Compiling itoa|Download/.test(line)), second.lines.join("\n"));
  });

  void test("rust fails naming the binary when the Procfile runs one cargo did not build", async () => {
    const ctx = await sampleContext("rust-app", { processes: { web: "./target/release/rust-ap" } });
    await assert.rejects(rustBuilder.build(ctx), (error: Hop3Error) => {
      assert.equal(error.code, "BUILD_FAILED");
      assert.equal(error.message, 'rust: process "web" runs ./target/release/rust-ap, but cargo built no binary named "rust-ap" (built: rust-app)');
      return true;
    });
  });

  void test("rust fails with the cargo step named when the code does not compile", async () => {
    const ctx = await sampleContext("rust-app");
    await writeFile(join(ctx.appDir, "src", "main.rs"), "fn main() { let x: u8 = \"no\"; }\n");
    await assert.rejects(rustBuilder.build(ctx), (error: Hop3Error) => {
      assert.equal(error.code, "BUILD_FAILED");
      assert.equal(error.message, "rust: `cargo build --release --locked` exited with code 101");
      return true;
    });
    assert.ok(ctx.lines.some((line) => /mismatched types/.test(line)), ctx.lines.join("\n"));
  });
});

void describe("real builds of the Ruby sample", () => {
  void test("ruby installs ruby-app's vendored gem into a bundle in the cache that a second build finds installed", async () => {
    const cacheDir = await tempDir("cache");
    const first = await sampleContext("ruby-app", { cacheDir });
    const cold = await rubyBuilder.build(first);
    assert.ok(first.lines.some((line) => /Installing hop3-greeting 0\.1\.0/.test(line)), first.lines.join("\n"));
    const bundlePath = cold.env.BUNDLE_PATH ?? "";
    assert.ok(bundlePath.startsWith(join(cacheDir, "ruby", "bundles")), bundlePath);
    assert.equal(cold.env.BUNDLE_GEMFILE, join(first.appDir, "Gemfile"));

    const second = await sampleContext("ruby-app", { cacheDir });
    const warm = await rubyBuilder.build(second);
    assert.equal(warm.env.BUNDLE_PATH, bundlePath);
    assert.ok(second.lines.some((line) => /Using hop3-greeting 0\.1\.0/.test(line)), second.lines.join("\n"));
  });

  void test("ruby fails with the bundle step named when a gem is not in vendor/cache", async () => {
    const ctx = await sampleContext("ruby-app");
    await writeFile(join(ctx.appDir, "Gemfile"), 'source "https://rubygems.org"\ngem "hop3-not-vendored"\n');
    await rm(join(ctx.appDir, "Gemfile.lock"));
    await assert.rejects(rubyBuilder.build(ctx), (error: Hop3Error) => {
      assert.equal(error.code, "BUILD_FAILED");
      assert.match(error.message, /^ruby: `bundle install --local` exited with code \d+$/);
      return true;
    });
    assert.ok(ctx.lines.some((line) => /hop3-not-vendored/.test(line)), ctx.lines.join("\n"));
    assert.ok(ctx.lines.some((line) => /No Gemfile\.lock/.test(line)));
  });
});

void describe("real builds of the PHP sample", () => {
  void test("php runs composer install on php-app and gives a web process of PHP-FPM behind the app's own Caddy on $PORT", async () => {
    const ctx = await sampleContext("php-app");
    const result = await phpBuilder.build(ctx);
    const config = join(ctx.appDir, ".hop3", "php", "php-fpm.conf");
    const web = result.defaultProcesses.web ?? "";
    assert.match(web, new RegExp(`\\{ php-fpm[0-9.]* --nodaemonize --force-stderr --fpm-config ${config} 2>&1 \\| cat; kill 0; \\} &`));
    assert.match(web, /\| exec caddy run --config -$/);
    assert.ok(web.includes(`"root":"${ctx.appDir}"`), web);
    assert.deepEqual(result.env, {});
    assert.match(await readFile(config, "utf8"), /^listen = \$\{HOP3_FPM_SOCKET\}$/m);
    assert.ok(ctx.lines.includes("-----> Installing dependencies with composer install"), ctx.lines.join("\n"));
  });

  void test("php leaves a web process from the Procfile alone and does not route it through FastCGI", async () => {
    const ctx = await sampleContext("php-app", { processes: { web: "php -S 0.0.0.0:$PORT" } });
    const result = await phpBuilder.build(ctx);
    assert.deepEqual(result.defaultProcesses, {});
    assert.deepEqual(result.env, {});
  });
});
