import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import type { App } from "../core/app.ts";
import { addonsPart, readBackedUpAddons } from "./backup-addons-part.ts";

const shop: App = { id: 1, name: "shop", unixUser: "h3-shop-000000" } as App;
const copy: App = { id: 2, name: "shop-copy", unixUser: "h3-shop-copy-000000" } as App;

/** Addons in memory: data is a string per addon; an export of `failing` fails as pg_dump would. */
function fakeAddons(failing = "") {
  const data = new Map<string, string>([["shop-db", "row 1"], ["shop-cache", "key k"]]);
  const types = new Map<string, string>([["shop-db", "postgres"], ["shop-cache", "redis"]]);
  const attached: { app: string; addon: string; prefix: string }[] = [{ app: "shop", addon: "shop-db", prefix: "" }, { app: "shop", addon: "shop-cache", prefix: "CACHE" }];
  const dumps = mkdtempSync(join(tmpdir(), "hop3-addons-part-"));
  return {
    data,
    attached,
    attachedTo: (app: App) => attached.filter((a) => a.app === app.name).map((a) => ({ addon: a.addon, type: types.get(a.addon) ?? "", prefix: a.prefix })),
    exists: (name: string) => data.has(name),
    exportDump: async (name: string) => {
      if (name === failing) throw new Error(`pg_dump of addon ${name} exited with code 1`);
      const file = join(dumps, name);
      writeFileSync(file, data.get(name) ?? "");
      return { file, done: async () => undefined };
    },
    importDump: async (name: string, input: Readable) => {
      data.set(name, (data.get(name) ?? "") + (await text(input)));
      return { addon: name, imported: true as const };
    },
    emptyData: async (name: string) => void data.set(name, ""),
    create: async (type: string, name: string) => {
      data.set(name, "");
      types.set(name, type);
      return { name, type } as never;
    },
    attachHeld: async (name: string, app: App, prefix: string) => void attached.push({ app: app.name, addon: name, prefix }),
    detachHeld: async (name: string, app: App) => void attached.splice(attached.findIndex((a) => a.addon === name && a.app === app.name), 1),
    destroy: async (name: string) => {
      data.delete(name);
      return { addon: name, destroyed: true as const, detached: [] };
    },
  };
}

void test("a backup holds each attached addon's dump and definition; an app without addons holds no addons part", async () => {
  const addons = fakeAddons();
  const part = addonsPart(addons);
  const dir = mkdtempSync(join(tmpdir(), "hop3-addons-dump-"));
  await part.dump({ app: shop, runAs: undefined, dir, from: "shop" });
  assert.deepEqual(readBackedUpAddons(dir), [
    { name: "shop-db", type: "postgres", prefix: "", file: "shop-db.dump" },
    { name: "shop-cache", type: "redis", prefix: "CACHE", file: "shop-cache.dump" },
  ]);
  assert.equal(readFileSync(join(dir, "shop-cache.dump"), "utf8"), "key k");
  assert.equal(part.holds?.(shop), true);
  assert.equal(part.holds?.(copy), false);
});

void test("a dump that fails fails the part, naming the addon and the app", async () => {
  const part = addonsPart(fakeAddons("shop-cache"));
  const dir = mkdtempSync(join(tmpdir(), "hop3-addons-dump-"));
  await assert.rejects(part.dump({ app: shop, runAs: undefined, dir, from: "shop" }), (error: Error & { code?: string }) => {
    assert.equal(error.code, "BACKUP_FAILED");
    assert.match(error.message, /Dumping the redis addon "shop-cache" of "shop" failed: pg_dump of addon shop-cache exited with code 1/);
    return true;
  });
});

void test("restored in place, an attached addon gets the backup's data back, and the undo puts the newer data back", async () => {
  const addons = fakeAddons();
  const part = addonsPart(addons);
  const dir = mkdtempSync(join(tmpdir(), "hop3-addons-dump-"));
  await part.dump({ app: shop, runAs: undefined, dir, from: "shop" });
  addons.data.set("shop-db", "row 1, row 2");
  const restored = await part.restore({ app: shop, runAs: undefined, dir, from: "shop" }, "same");
  assert.equal(addons.data.get("shop-db"), "row 1");
  await restored.undo();
  assert.equal(addons.data.get("shop-db"), "row 1, row 2");
});

void test("restored into a new app, each addon is made again under a free name, attached with its prefix; the undo removes them", async () => {
  const addons = fakeAddons();
  const part = addonsPart(addons);
  const dir = mkdtempSync(join(tmpdir(), "hop3-addons-dump-"));
  await part.dump({ app: shop, runAs: undefined, dir, from: "shop" });
  const restored = await part.restore({ app: copy, runAs: undefined, dir, from: "shop" }, "new");
  assert.deepEqual(addons.attachedTo(copy), [
    { addon: "shop-copy-shop-db", type: "postgres", prefix: "" },
    { addon: "shop-copy-shop-cache", type: "redis", prefix: "CACHE" },
  ]);
  assert.equal(addons.data.get("shop-copy-shop-db"), "row 1");
  assert.equal(addons.data.get("shop-db"), "row 1", "the backed-up app's addon is untouched");
  await restored.undo();
  assert.deepEqual(addons.attachedTo(copy), []);
  assert.equal(addons.exists("shop-copy-shop-db"), false);
});
