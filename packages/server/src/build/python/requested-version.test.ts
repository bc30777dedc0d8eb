import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { parsePythonVersion, readRequestedPython } from "./requested-version.ts";

void test("reads the versions .python-version and runtime.txt are written with", () => {
  for (const [text, version] of [["3.11", "3.11"], ["3.11.7", "3.11.7"], ["python-3.11.7", "3.11.7"], ["python3.12", "3.12"], ["cpython-3.13", "3.13"]]) {
    assert.equal(parsePythonVersion(text ?? ""), version, text);
  }
  for (const text of ["system", "pypy3.10", "2.7", "latest"]) assert.equal(parsePythonVersion(text), null, text);
});

void test(".python-version wins over runtime.txt; comments and blank lines are skipped", async () => {
  const appDir = await appWith({ ".python-version": "# pinned\n\n3.12\n", "runtime.txt": "python-3.11.7\n" });
  assert.deepEqual(await readRequestedPython(appDir), { version: "3.12", file: ".python-version" });
  assert.deepEqual(await readRequestedPython(await appWith({ "runtime.txt": "python-3.11.7\n" })), { version: "3.11.7", file: "runtime.txt" });
  assert.equal(await readRequestedPython(await appWith({})), null);
});

void test("a version file that names no version is an error naming the file", async () => {
  await assert.rejects(readRequestedPython(await appWith({ "runtime.txt": "ruby-3.3\n" })), (error: Hop3Error) => {
    assert.equal(error.code, "BUILD_FAILED");
    assert.equal(error.message, 'python: runtime.txt asks for "ruby-3.3", which is not a Python version such as 3.11 or python-3.11.7');
    return true;
  });
  await assert.rejects(readRequestedPython(await appWith({ ".python-version": "root:$6$secret:19000:0:99999:7:::\n" })), (error: Hop3Error) => {
    assert.equal(error.message, "python: .python-version does not name a Python version such as 3.11 or python-3.11.7");
    return true;
  });
});
