import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { withSettingsTable } from "../../packages/server/src/config/settings-table.ts";

const root = resolve(import.meta.dirname, "../..");

/** The rows of the table under "## Settings", first cell (the file key) first. */
function tableRows(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf("## Settings"));
  return section.split("\n").filter((line) => /^\| `/.test(line));
}

test("docs/server.md's settings table is the one generated from the declarations (npm run docs:settings)", () => {
  const committed = readFileSync(join(root, "docs/server.md"), "utf8");
  const generated = withSettingsTable(committed);
  // Rows first: a missing, extra or changed setting shows as one row in the diff.
  assert.deepEqual(tableRows(committed), tableRows(generated), "docs/server.md is out of date: run `npm run docs:settings`");
  assert.equal(committed, generated, "docs/server.md is out of date: run `npm run docs:settings`");
});
