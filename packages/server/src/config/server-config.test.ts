import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { loadServerConfig } from "./server-config.ts";

test("environment variables override the config file, which overrides defaults", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  writeFileSync(join(home, "server.toml"), 'domain = "example.org"\nhttp-port = 8080\n');
  const config = loadServerConfig({ HOP3_HOME: home, HOP3_HTTP_PORT: "9090" });
  assert.equal(config.domain, "example.org");
  assert.equal(config["http-port"], 9090);
  assert.equal(config["keep-releases"], 5);
  assert.ok(Object.isFrozen(config));
});

test("rejects an unknown key in the config file, naming it", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  writeFileSync(join(home, "server.toml"), "htp-port = 80\n");
  assert.throws(() => loadServerConfig({ HOP3_HOME: home }), /unknown key "htp-port"/);
});

test("rejects a bad environment value, naming the variable", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_HTTP_PORT: "eighty" }), /HOP3_HTTP_PORT/);
});

test("reads the git settings: ssh-user, git-auto-create (true/false words) and deploy-lock-wait", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  const defaults = loadServerConfig({ HOP3_HOME: home });
  assert.equal(defaults["ssh-user"], "hop3");
  assert.equal(defaults["git-auto-create"], true);
  assert.equal(defaults["deploy-lock-wait"], 600);
  const set = loadServerConfig({ HOP3_HOME: home, HOP3_SSH_USER: "git", HOP3_GIT_AUTO_CREATE: "false", HOP3_DEPLOY_LOCK_WAIT: "30" });
  assert.deepEqual([set["ssh-user"], set["git-auto-create"], set["deploy-lock-wait"]], ["git", false, 30]);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_GIT_AUTO_CREATE: "maybe" }), /HOP3_GIT_AUTO_CREATE/);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_SSH_USER: "root; rm" }), /HOP3_SSH_USER/);
});

test("reads the build limits: build-timeout, build-slots (default half the cores, at least 1) and deploy-output-max", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  const defaults = loadServerConfig({ HOP3_HOME: home });
  assert.equal(defaults["build-timeout"], 1800);
  assert.equal(defaults["build-slots"], Math.max(1, Math.floor(availableParallelism() / 2)));
  assert.equal(defaults["deploy-output-max"], "10M");
  const set = loadServerConfig({ HOP3_HOME: home, HOP3_BUILD_TIMEOUT: "5", HOP3_BUILD_SLOTS: "3", HOP3_DEPLOY_OUTPUT_MAX: "64K" });
  assert.deepEqual([set["build-timeout"], set["build-slots"], set["deploy-output-max"]], [5, 3, "64K"]);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_BUILD_SLOTS: "0" }), /HOP3_BUILD_SLOTS/);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_BUILD_TIMEOUT: "forever" }), /HOP3_BUILD_TIMEOUT/);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_DEPLOY_OUTPUT_MAX: "none" }), /HOP3_DEPLOY_OUTPUT_MAX/);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_DEPLOY_OUTPUT_MAX: "10" }), /HOP3_DEPLOY_OUTPUT_MAX: must be at least 1K/);
});

test("[addons.postgres] url in the file is the addons-postgres-url setting, read only from a file its owner alone reads", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  const file = join(home, "server.toml");
  writeFileSync(file, '[addons.postgres]\nurl = "postgres://admin:hunter2-secret@db.example:5433/"\n', { mode: 0o644 });
  chmodSync(file, 0o644);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home }), (error: Error) => /mode is 0644/.test(error.message) && /addons-postgres-url/.test(error.message) && !error.message.includes("hunter2"));
  chmodSync(file, 0o600);
  assert.equal(loadServerConfig({ HOP3_HOME: home })["addons-postgres-url"], "postgres://admin:hunter2-secret@db.example:5433/");
});

test("an unknown key under [addons], or a bad addon URL, is refused without showing the password", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  const file = join(home, "server.toml");
  writeFileSync(file, '[addons.postgres]\nuri = "x"\n', { mode: 0o600 });
  assert.throws(() => loadServerConfig({ HOP3_HOME: home }), /unknown key "addons\.postgres\.uri"/);
  writeFileSync(file, '[addons.mongo]\nurl = "x"\n', { mode: 0o600 });
  assert.throws(() => loadServerConfig({ HOP3_HOME: home }), /unknown key "addons\.mongo"/);
  writeFileSync(file, "");
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_ADDONS_POSTGRES_URL: "mysql://admin:hunter2@h/" }), (error: Error) => /HOP3_ADDONS_POSTGRES_URL/.test(error.message) && !error.message.includes("hunter2"));
});

test("[addons.mysql] and [addons.redis] urls are their settings; a URL of another scheme is refused without its password", () => {
  const home = mkdtempSync(join(tmpdir(), "hop3-config-"));
  const file = join(home, "server.toml");
  writeFileSync(file, '[addons.mysql]\nurl = "mysql://admin:my-secret-pw@db.example:3306/?ssl-ca=/etc/ca.pem"\n[addons.redis]\nurl = "rediss://hop3:redis-secret-pw@cache.example:6380/"\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  const config = loadServerConfig({ HOP3_HOME: home });
  assert.deepEqual([config["addons-mysql-url"], config["addons-redis-url"]], ["mysql://admin:my-secret-pw@db.example:3306/?ssl-ca=/etc/ca.pem", "rediss://hop3:redis-secret-pw@cache.example:6380/"]);
  chmodSync(file, 0o640);
  assert.throws(() => loadServerConfig({ HOP3_HOME: home }), (error: Error) => /mode is 0640/.test(error.message) && !error.message.includes("secret-pw"));
  writeFileSync(file, "");
  assert.throws(() => loadServerConfig({ HOP3_HOME: home, HOP3_ADDONS_REDIS_URL: "postgres://admin:hunter2@h/" }), (error: Error) => /HOP3_ADDONS_REDIS_URL/.test(error.message) && !error.message.includes("hunter2"));
});
