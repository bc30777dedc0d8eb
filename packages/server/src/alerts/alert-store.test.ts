import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { ConfigCipher } from "../configvars/config-cipher.ts";
import { AlertStore } from "./alert-store.ts";

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "hop3-alert-store-"));
  const db = openDatabase(join(dir, "state.db"));
  return { db, cipher: new ConfigCipher(join(dir, "keys", "config.key")) };
}

test("an SMTP password and a webhook secret are not in the database in clear, and are read back", () => {
  const { db, cipher } = setUp();
  const store = new AlertStore(db, cipher);
  const mail = store.addChannel("email", "ops@example.org", "smtp://hop3:s3cret-pass@mail.example.org:587");
  const hook = store.addChannel("webhook", "https://hooks.example.org/x", null);
  const raw = JSON.stringify(db.prepare("SELECT * FROM alert_channels").all(), (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("latin1") : value));
  assert.doesNotMatch(raw, /s3cret-pass/);
  assert.ok(hook.secret !== null && !raw.includes(hook.secret), "the webhook secret is sealed too");
  assert.deepEqual(store.channels().map((c) => [c.id, c.smtp, c.secret]), [[mail.id, "smtp://hop3:s3cret-pass@mail.example.org:587", null], [hook.id, null, hook.secret]]);
});

test("channels stored in clear by an earlier release are sealed when the store opens", () => {
  const { db, cipher } = setUp();
  db.prepare("INSERT INTO alert_channels (kind, target, secret, smtp, added_at) VALUES ('email', 'ops@example.org', NULL, 'smtp://u:old-pass@mail.example.org', 'x')").run();
  const store = new AlertStore(db, cipher);
  assert.equal(db.prepare("SELECT typeof(smtp) AS t FROM alert_channels").get()?.t, "blob");
  assert.equal(store.channels()[0]?.smtp, "smtp://u:old-pass@mail.example.org");
});
