// Rewrites the settings table of docs/server.md from the declarations in
// packages/server/src/config/server-settings.ts (`npm run docs:settings`). A meta-test
// (test/meta/settings-docs.test.ts) fails when the committed table differs from it.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { withSettingsTable } from "../packages/server/src/config/settings-table.ts";

const file = resolve(import.meta.dirname, "../docs/server.md");
const before = readFileSync(file, "utf8");
const after = withSettingsTable(before);
writeFileSync(file, after);
console.log(before === after ? "docs/server.md: the settings table is up to date" : "docs/server.md: the settings table was rewritten");
