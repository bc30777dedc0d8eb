import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { ConfigCipher } from "./config-cipher.ts";
import { ConfigVarStore } from "./config-var-store.ts";
import { keepGeneratedSecrets } from "./keep-generated-secrets.ts";

function stores() {
  const dir = mkdtempSync(join(tmpdir(), "hop3-secrets-"));
  const db = openDatabase(join(dir, "hop3.db"));
  return { db, apps: new AppStore(db), vars: new ConfigVarStore(db, new ConfigCipher(join(dir, "config.key"))) };
}

const spec = { name: "SECRET_KEY", generate: "hex", length: 64, prefix: "", display: false };

test("a generated secret is made once per app, kept encrypted apart from config vars, and differs between apps", () => {
  const { apps, vars, db } = stores();
  apps.insert("shop", "h3-shop-abc123");
  apps.insert("blog", "h3-blog-abc123");
  const first = keepGeneratedSecrets(vars, "shop", [spec]);
  assert.match(first.values.SECRET_KEY ?? "", /^[0-9a-f]{64}$/);
  assert.deepEqual(first.created.map((created) => created.name), ["SECRET_KEY"]);
  const again = keepGeneratedSecrets(vars, "shop", [spec, { ...spec, name: "OTHER", generate: "uuid" }]);
  assert.equal(again.values.SECRET_KEY, first.values.SECRET_KEY, "kept across deploys");
  assert.deepEqual(again.created.map((created) => created.name), ["OTHER"]);
  assert.notEqual(keepGeneratedSecrets(vars, "blog", [spec]).values.SECRET_KEY, first.values.SECRET_KEY);
  assert.deepEqual(vars.varsOf("shop"), {}, "not a config var: `hop3 config` does not show it");
  const stored = db.prepare("SELECT value FROM generated_secrets WHERE app = 'shop' AND key = 'SECRET_KEY'").get() as { value: Uint8Array };
  assert.ok(!Buffer.from(stored.value).toString("latin1").includes(first.values.SECRET_KEY ?? "-"), "encrypted at rest");
  db.close();
});

test("a renamed app keeps its generated secrets; a destroyed one loses them", () => {
  const { apps, vars, db } = stores();
  const app = apps.insert("shop", "h3-shop-abc123");
  const value = keepGeneratedSecrets(vars, "shop", [spec]).values.SECRET_KEY;
  vars.renameApp("shop", "store", () => apps.rename(app.id, "store"));
  assert.equal(vars.secretsOf("store").SECRET_KEY, value);
  apps.delete(app.id);
  assert.deepEqual(vars.secretsOf("store"), {});
  db.close();
});
