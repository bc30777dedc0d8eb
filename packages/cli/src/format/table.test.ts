import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFields, formatTable } from "./table.ts";

test("aligns columns two spaces apart under their headers", () => {
  const table = formatTable(
    ["NAME", "STATUS", "URL"],
    [
      ["blog", "running", "http://blog.example.com"],
      ["api-backend", "new", "http://api-backend.example.com"],
    ],
  );
  assert.equal(
    table,
    ["NAME         STATUS   URL", "blog         running  http://blog.example.com", "api-backend  new      http://api-backend.example.com"].join("\n"),
  );
});

test("leaves no trailing spaces when the last cells are short or empty", () => {
  const table = formatTable(["A", "LONG HEADER"], [["x", ""]]);
  for (const line of table.split("\n")) assert.equal(line, line.trimEnd());
});

test("counts accented characters as one column", () => {
  assert.equal(formatTable(["N", "X"], [["é", "1"]]), "N  X\né  1");
});

test("prints only the header line for an empty table", () => {
  assert.equal(formatTable(["NAME", "STATUS"], []), "NAME  STATUS");
});

test("aligns the values of label: value fields", () => {
  assert.equal(formatFields([["Status", "running"], ["Unix user", "app-blog"]]), "Status:     running\nUnix user:  app-blog");
});
