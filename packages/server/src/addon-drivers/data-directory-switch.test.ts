import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DataLayout } from "./data-directory-switch.ts";

const layoutIn = () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-layout-"));
  const file = join(dir, "postgres.layout.json");
  return { file, layout: new DataLayout(file, "/srv/addons/postgres/15", /^\d+(\.[a-z0-9]+)?$/) };
};

void test("the default data directory until a major upgrade records another; the record round-trips", async () => {
  const { layout } = layoutIn();
  assert.deepEqual(layout.read(), { dir: "/srv/addons/postgres/15", kept: null });
  const next = layout.next("17");
  assert.match(next, /^\/srv\/addons\/postgres\/17\.[a-z0-9]+$/);
  await layout.write({ dir: next, kept: "/srv/addons/postgres/15" });
  assert.deepEqual(layout.read(), { dir: next, kept: "/srv/addons/postgres/15" });
});

void test("a recorded directory elsewhere, or not named as Hop3 names them, is not used (nor deleted as kept)", () => {
  const { file, layout } = layoutIn();
  for (const dir of ["/etc", "/srv/addons/postgres/../../etc", "/srv/addons/redis/15", "/srv/addons/postgres/15/../x", "/srv/addons/postgres/main"]) {
    writeFileSync(file, JSON.stringify({ dir, kept: dir }));
    assert.deepEqual(layout.read(), { dir: "/srv/addons/postgres/15", kept: null }, dir);
  }
  writeFileSync(file, "not json");
  assert.equal(dirname(layout.read().dir), "/srv/addons/postgres");
});
