import assert from "node:assert/strict";
import { test } from "node:test";
import { pickPython } from "./interpreter.ts";

void test("picks the exact interpreter, else the newest of the same minor, else none", () => {
  const installed = [
    { version: "3.11.2", executable: "/usr/bin/python3.11" },
    { version: "3.11.9", executable: "/usr/local/bin/python3.11" },
    { version: "3.12.1", executable: "/usr/local/bin/python3.12" },
  ];
  assert.equal(pickPython(installed, { version: "3.11.2", file: "runtime.txt" })?.executable, "/usr/bin/python3.11");
  assert.equal(pickPython(installed, { version: "3.11", file: ".python-version" })?.executable, "/usr/local/bin/python3.11");
  assert.equal(pickPython(installed, { version: "3.11.7", file: "runtime.txt" })?.version, "3.11.9");
  assert.equal(pickPython(installed, { version: "3.10", file: ".python-version" }), null);
});
