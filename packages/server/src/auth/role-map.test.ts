import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRoleMap, rolesOfGroups, type RoleMap } from "./role-map.ts";

const map = (text: string): RoleMap => {
  const parsed = parseRoleMap(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
};

test("maps groups to server admin and to roles on apps, the strongest role per app winning", () => {
  const roles = map("ops=admin, shop-devs=developer@shop, shop-qa=viewer@shop, shop-leads=owner@shop,blog=viewer@blog");
  assert.deepEqual([...roles.apps].sort(), ["blog", "shop"]);
  assert.deepEqual(rolesOfGroups(roles, ["shop-qa", "shop-devs", "unrelated"]), { admin: false, apps: new Map([["shop", "developer"]]) });
  assert.deepEqual(rolesOfGroups(roles, ["shop-leads", "shop-qa"]).apps.get("shop"), "owner");
  assert.equal(rolesOfGroups(roles, ["ops"]).admin, true);
  assert.deepEqual(rolesOfGroups(roles, []), { admin: false, apps: new Map() });
});

test("refuses an entry without a role, an app role without its app, and admin on an app", () => {
  assert.deepEqual(parseRoleMap("ops=admin, devs=developer"), { error: "devs=developer" });
  assert.deepEqual(parseRoleMap("ops=admin@shop"), { error: "ops=admin@shop" });
  assert.deepEqual(parseRoleMap("ops=root"), { error: "ops=root" });
  assert.deepEqual(map("").grants.size, 0);
});
