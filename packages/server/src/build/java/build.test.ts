import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appConfig, appWith, tempDir, testContext } from "../build-fixtures.ts";
import { builtJars, checkJars } from "./build.ts";

void test("lists the runnable jars in target/, leaving out sources, javadoc, tests and shading originals", async () => {
  const appDir = await appWith({
    "target/shop-1.0.jar": "",
    "target/shop-1.0-sources.jar": "",
    "target/shop-1.0-javadoc.jar": "",
    "target/shop-1.0-tests.jar": "",
    "target/original-shop-1.0.jar": "",
    "target/classes/App.class": "",
  });
  assert.deepEqual(await builtJars(appDir), ["shop-1.0.jar"]);
  assert.deepEqual(await builtJars(await appWith({})), []);
});

async function contextWith(files: Record<string, string>, processes: Record<string, string>) {
  return testContext({ appDir: await appWith(files), cacheDir: await tempDir("cache"), home: await tempDir("home"), config: appConfig({ processes }) });
}

void test("accepts processes running a jar that exists, or a jar named through a glob or a variable", async () => {
  const ctx = await contextWith({ "target/shop.jar": "" }, { web: "java -Dserver.port=$PORT -jar target/shop.jar", worker: "java -cp 'lib/*.jar' Work", cron: "java -jar $JAR" });
  await checkJars(ctx, ["shop.jar"]);
});

void test("names the process and the jar when the build did not produce it", async () => {
  const ctx = await contextWith({ "target/shop-1.0.jar": "" }, { web: "java -jar target/shop.jar" });
  await assert.rejects(checkJars(ctx, ["shop-1.0.jar"]), (error: Hop3Error) => {
    assert.equal(error.code, "BUILD_FAILED");
    assert.equal(error.message, 'java: process "web" runs target/shop.jar, which mvn package did not produce (it built target/shop-1.0.jar)');
    return true;
  });
});
