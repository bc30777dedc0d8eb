import { test } from "node:test";
import assert from "node:assert/strict";
import type { EngineHost } from "../engine-host.ts";
import { RedisEngine } from "./redis-engine.ts";

const host = { dirs: { addonsDir: "/h/addons", socketsDir: "/h/addons/sockets", configDir: "/h/addon-config", logsDir: "/h/logs", runDir: "/h/run" } } as unknown as EngineHost;

void test("addons:connect's redis-cli gets the attachment's password in its environment, never in its arguments", () => {
  const engine = new RedisEngine(host);
  const password = "0123456789abcdef0123456789abcdef0123456789abcdef";
  const shell = engine.shell({ id: 1, name: "cache", type: "redis", secret: { password: "admin-secret" } }, { addon: "cache", type: "redis", appId: 1, app: "shop", prefix: "", credentials: { user: "shop-user", password } });
  assert.deepEqual(shell.argv, ["/usr/bin/redis-cli", "--no-auth-warning", "-s", "/h/addons/sockets/redis-cache.sock", "--user", "shop-user"]);
  assert.deepEqual(shell.env, { REDISCLI_AUTH: password });
  assert.doesNotMatch(shell.argv.join(" "), /admin-secret|0123456789abcdef/);
});
