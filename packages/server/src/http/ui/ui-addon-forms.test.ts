import { test } from "node:test";
import assert from "node:assert/strict";
import type { AddonSummary } from "@hop3/contract";
import { createAddonForm, destroyAddonPage } from "./ui-addon-forms.ts";

const viewer = { user: "admin", csrf: "tok", admin: true };
const addon = (name: string, apps: string[]): AddonSummary => ({ name, type: "redis", version: "7.0", status: "running", sizeBytes: null, attachments: apps.map((app) => ({ app, prefix: "", variables: [] })) });

test("the create form offers the server's types, and nothing to those not allowed", () => {
  const html = String(createAddonForm(viewer, { create: ["postgres", "redis"], destroy: new Set() }, null));
  assert.match(html, /<option value="postgres">postgres<\/option><option value="redis">redis<\/option>/);
  assert.match(html, /action="\/ui\/addons"><input type="hidden" name="csrf" value="tok">/);
  assert.equal(createAddonForm(viewer, { create: [], destroy: new Set() }, null), null);
});

test("the destroy confirmation offers force only for an attached addon", () => {
  assert.doesNotMatch(destroyAddonPage(viewer, addon("cache", []), null).toString(), /name="force"/);
  const attached = destroyAddonPage(viewer, addon("cache", ["shop"]), null).toString();
  assert.match(attached, /id="destroy-force" name="force" value="yes"/);
  assert.match(attached, /<a href="\/ui\/apps\/shop">shop<\/a>/);
  assert.match(attached, /action="\/ui\/addons\/cache\/destroy"><input type="hidden" name="csrf" value="tok">/);
});
