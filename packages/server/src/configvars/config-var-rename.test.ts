import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../store/database.ts";
import { AppStore } from "../apps/app-store.ts";
import { ConfigCipher } from "./config-cipher.ts";
import { ConfigVarStore } from "./config-var-store.ts";

function stores() {
  const dir = mkdtempSync(join(tmpdir(), "hop3-rename-"));
  const db = openDatabase(join(dir, "hop3.db"));
  return { db, apps: new AppStore(db), vars: new ConfigVarStore(db, new ConfigCipher(join(dir, "config.key"))) };
}

test("renaming an app moves its config vars to the new name, still readable, and keeps its id", () => {
  const { apps, vars, db } = stores();
  const app = apps.insert("shop", "h3-shop-abc123");
  apps.insert("other", "h3-other-abc123");
  vars.change("shop", { GREETING: "bonjour", SECRET: "s $3 'q'" }, []);
  vars.change("other", { GREETING: "hi" }, []);
  vars.renameApp("shop", "store", () => apps.rename(app.id, "store"));
  assert.deepEqual(vars.varsOf("store"), { GREETING: "bonjour", SECRET: "s $3 'q'" });
  assert.deepEqual(vars.varsOf("shop"), {});
  assert.deepEqual(vars.varsOf("other"), { GREETING: "hi" });
  assert.equal(apps.find("store")?.id, app.id);
  assert.equal(apps.find("shop"), null);
  db.close();
});

test("a rename that fails halfway changes neither the record nor the vars", () => {
  const { apps, vars, db } = stores();
  const app = apps.insert("shop", "h3-shop-abc123");
  apps.insert("store", "h3-store-abc123");
  vars.change("shop", { GREETING: "bonjour" }, []);
  assert.throws(() => vars.renameApp("shop", "store", () => apps.rename(app.id, "store")), /UNIQUE/);
  assert.deepEqual(vars.varsOf("shop"), { GREETING: "bonjour" });
  assert.equal(apps.find("shop")?.id, app.id);
  db.close();
});
