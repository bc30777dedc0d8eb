import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { attachmentUser } from "./external-engine.ts";
import { mysqlTlsArgs, nativePasswordHash } from "./external-mysql-engine.ts";
import { redisAppRules } from "./external-redis-engine.ts";

test("a MariaDB user's password is sent as MariaDB's own PASSWORD() hash, never in clear", () => {
  // SELECT PASSWORD('password') on MariaDB 10.11.
  assert.equal(nativePasswordHash("password"), "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
  assert.ok(!nativePasswordHash("s3cret-pw").includes("s3cret"));
});

test("TLS to an external MariaDB comes from the URL: ssl-ca also checks the server's certificate", () => {
  assert.deepEqual(mysqlTlsArgs(new URLSearchParams("")), []);
  assert.deepEqual(mysqlTlsArgs(new URLSearchParams("ssl=true")), ["--ssl"]);
  assert.deepEqual(mysqlTlsArgs(new URLSearchParams("ssl-ca=/etc/ca.pem")), ["--ssl", "--ssl-ca=/etc/ca.pem", "--ssl-verify-server-cert"]);
});

test("an attachment's user name fits the server's limit, and two long names stay apart", () => {
  const hash = (text: string) => createHash("sha256").update(text).digest("hex");
  assert.equal(attachmentUser("blog-db", "app-blog", 32, hash), "blog-db_app-blog");
  const one = attachmentUser("a-very-long-addon-name-for-tests", "app-first", 32, hash);
  const two = attachmentUser("a-very-long-addon-name-for-tests", "app-second", 32, hash);
  assert.equal(one.length, 32);
  assert.notEqual(one, two);
});

test("an app's Redis ACL user: its prefix's keys and channels only, no command that reaches past key patterns", () => {
  const rules = redisAppRules("blog-cache", "pw");
  assert.deepEqual(rules.slice(0, 5), ["reset", "on", `#${createHash("sha256").update("pw").digest("hex")}`, "~blog-cache:*", "&blog-cache:*"]);
  for (const denied of ["-@admin", "-@dangerous", "-scan", "-randomkey", "-select", "-function"]) assert.ok(rules.includes(denied), denied);
  assert.ok(!rules.some((rule) => rule.includes("pw") && !rule.startsWith("#")));
});
