import assert from "node:assert/strict";
import { test } from "node:test";
import { phpFpmConfig } from "./php-fpm-config.ts";

void test("listens for FastCGI on $PORT in the foreground and runs only scripts under the document root", () => {
  const config = phpFpmConfig("/srv/app/public");
  assert.match(config, /^daemonize = no$/m);
  assert.match(config, /^listen = 127\.0\.0\.1:\$\{PORT\}$/m);
  assert.match(config, /^php_admin_value\[doc_root\] = \/srv\/app\/public$/m);
  assert.match(config, /^clear_env = no$/m);
});
