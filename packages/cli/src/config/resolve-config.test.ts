import assert from "node:assert/strict";
import { mkdtemp, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { configFilePath, readConfigFile, writeConfigFile } from "./config-file.ts";
import { resolveConfig } from "./resolve-config.ts";

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function configHome(config?: unknown): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "hop3-config-"));
  roots.push(root);
  if (config !== undefined) {
    await mkdir(join(root, "hop3"));
    await writeFile(join(root, "hop3", "config.json"), typeof config === "string" ? config : JSON.stringify(config));
  }
  return root;
}

test("finds the config file under XDG_CONFIG_HOME, else under ~/.config", () => {
  assert.equal(configFilePath({ XDG_CONFIG_HOME: "/x/conf", HOME: "/home/u" }), "/x/conf/hop3/config.json");
  assert.equal(configFilePath({ HOME: "/home/u" }), "/home/u/.config/hop3/config.json");
  assert.equal(configFilePath({ XDG_CONFIG_HOME: "relative", HOME: "/home/u" }), "/home/u/.config/hop3/config.json");
});

test("uses HOP3_URL and HOP3_TOKEN over the config file", async () => {
  const home = await configHome({ url: "http://file:1", token: "file-token" });
  const config = await resolveConfig({ XDG_CONFIG_HOME: home, HOP3_URL: "http://env:2", HOP3_TOKEN: "env-token" });
  assert.deepEqual(config, { url: "http://env:2", token: "env-token", urlSource: "HOP3_URL" });
});

test("takes whichever of URL and token the environment lacks from the config file", async () => {
  const home = await configHome({ url: "http://file:1", token: "file-token" });
  assert.deepEqual(await resolveConfig({ XDG_CONFIG_HOME: home }), { url: "http://file:1", token: "file-token", urlSource: join(home, "hop3/config.json") });
  assert.equal((await resolveConfig({ XDG_CONFIG_HOME: home, HOP3_TOKEN: "env-token" })).token, "env-token");
  assert.equal((await resolveConfig({ XDG_CONFIG_HOME: home, HOP3_URL: "http://file:1" })).token, "file-token");
});

test("never sends the file's token to a server other than the file's", async () => {
  const home = await configHome({ url: "http://file:1", token: "file-token" });
  const config = await resolveConfig({ XDG_CONFIG_HOME: home, HOP3_URL: "http://elsewhere:2" });
  assert.deepEqual(config, { url: "http://elsewhere:2", token: undefined, urlSource: "HOP3_URL" });
});

test("fails with CLI_NOT_CONFIGURED when neither the environment nor a file names a server", async () => {
  const home = await configHome();
  await assert.rejects(resolveConfig({ XDG_CONFIG_HOME: home, HOP3_TOKEN: "t" }), (error: unknown) => {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, "CLI_NOT_CONFIGURED");
    assert.match(error.message, /HOP3_URL is not set/);
    return true;
  });
});

test("fails with CLI_NOT_CONFIGURED naming a config file that is not JSON", async () => {
  const home = await configHome("{not json");
  await assert.rejects(resolveConfig({ XDG_CONFIG_HOME: home }), (error: unknown) => error instanceof Hop3Error && error.code === "CLI_NOT_CONFIGURED" && error.message.includes(home));
});

test("writes the config file for its owner only, in a private directory", async () => {
  const home = await configHome();
  const path = join(home, "hop3", "config.json");
  await writeConfigFile(path, { url: "unix:///run/hop3.sock", token: "secret" });
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal((await stat(join(home, "hop3"))).mode & 0o777, 0o700);
  assert.deepEqual(await readConfigFile(path), { url: "unix:///run/hop3.sock", token: "secret" });
});
