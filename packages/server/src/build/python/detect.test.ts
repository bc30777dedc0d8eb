import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { detectPython } from "./detect.ts";

void test("recognises an app by its requirements.txt, pyproject.toml, setup.py or Pipfile", async () => {
  for (const marker of ["requirements.txt", "pyproject.toml", "setup.py", "Pipfile"]) {
    assert.equal(await detectPython(await appWith({ [marker]: "" })), true, marker);
  }
});

void test("does not recognise an app with only Python sources", async () => {
  assert.equal(await detectPython(await appWith({ "app.py": "print('hi')\n" })), false);
});
