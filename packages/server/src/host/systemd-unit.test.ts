import assert from "node:assert/strict";
import { test } from "node:test";
import { renderSystemdUnit } from "./systemd-unit.ts";

test("the unit runs the root parent, restarts it on failure and leaves apps and Caddy running when it stops", () => {
  const unit = renderSystemdUnit({ program: "/opt/hop3/packages/server/bin/hop3-server", env: { HOP3_HOME: "/var/lib/hop3", HOP3_DOMAIN: "example.org" } });
  assert.match(unit, /^ExecStart=\/opt\/hop3\/packages\/server\/bin\/hop3-server run$/m);
  assert.match(unit, /^Restart=on-failure$/m);
  assert.match(unit, /^KillMode=process$/m);
  assert.deepEqual(unit.split("\n").filter((line) => line.startsWith("Environment=")), ['Environment="HOP3_DOMAIN=example.org"', 'Environment="HOP3_HOME=/var/lib/hop3"']);
});

test("refuses values that would change the unit's meaning instead of escaping them", () => {
  assert.throws(() => renderSystemdUnit({ program: "/opt/hop3/bin/hop3-server", env: { HOP3_HOME: '/x"\nExecStartPre=/bin/sh -c id' } }), /HOP3_HOME/);
  assert.throws(() => renderSystemdUnit({ program: "/opt/hop3/bin/hop3-server", env: { PATH: "/bin" } }), /PATH/);
  assert.throws(() => renderSystemdUnit({ program: "relative/hop3-server", env: {} }), /program path/);
});
