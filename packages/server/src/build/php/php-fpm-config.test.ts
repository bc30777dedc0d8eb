import assert from "node:assert/strict";
import { test } from "node:test";
import { phpFpmConfig } from "./php-fpm-config.ts";

void test("listens for FastCGI on the instance's own Unix socket, only for the app's user, in the foreground and runs only scripts under the document root", () => {
  const config = phpFpmConfig("/srv/app/public");
  assert.match(config, /^daemonize = no$/m);
  assert.match(config, /^listen = \$\{HOP3_FPM_SOCKET\}$/m);
  assert.match(config, /^listen\.mode = 0600$/m);
  assert.match(config, /^php_admin_value\[doc_root\] = \/srv\/app\/public$/m);
  assert.match(config, /^clear_env = no$/m);
});
