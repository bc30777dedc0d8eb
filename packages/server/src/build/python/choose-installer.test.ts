import type { Hop3Error } from "@hop3/contract";
import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { choosePythonInstaller } from "./choose-installer.ts";

const poetryProject = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.11"\n';
const uvProject = '[project]\nname = "x"\ndependencies = []\n[dependency-groups]\ndev = ["pytest"]\n';

void test("picks each tool by its lockfile", async () => {
  const cases = { "uv.lock": "uv", "poetry.lock": "poetry", "Pipfile.lock": "pipenv", "requirements.txt": "pip" } as const;
  for (const [lockfile, installer] of Object.entries(cases)) {
    const choice = await choosePythonInstaller(await appWith({ [lockfile]: "", "app.py": "" }), null);
    assert.deepEqual([choice.installer, choice.lockfile, choice.setAside], [installer, lockfile, null], lockfile);
  }
});

void test("a lockfile-backed tool wins over requirements.txt, and says so", async () => {
  const choice = await choosePythonInstaller(await appWith({ "poetry.lock": "", "pyproject.toml": poetryProject, "requirements.txt": "" }), null);
  assert.equal(choice.installer, "poetry");
  assert.equal(choice.setAside, "requirements.txt also present: poetry.lock wins (set [build] package-manager in hop3.toml to choose another)");
});

void test("requirements.txt next to a pyproject.toml is chosen explicitly, never silently", async () => {
  const choice = await choosePythonInstaller(await appWith({ "pyproject.toml": uvProject, "requirements.txt": "flask\n" }), null);
  assert.equal(choice.installer, "pip");
  assert.equal(choice.setAside, "pyproject.toml also present: requirements.txt wins (set [build] package-manager in hop3.toml to choose another)");
});

void test("a Poetry or uv pyproject.toml without a lockfile goes to its tool, not to pip", async () => {
  assert.equal((await choosePythonInstaller(await appWith({ "pyproject.toml": poetryProject }), null)).installer, "poetry");
  assert.equal((await choosePythonInstaller(await appWith({ "pyproject.toml": uvProject }), null)).installer, "uv");
  assert.equal((await choosePythonInstaller(await appWith({ Pipfile: "" }), null)).installer, "pipenv");
  const plain = await choosePythonInstaller(await appWith({ "pyproject.toml": '[project]\nname = "x"\n' }), null);
  assert.deepEqual([plain.installer, plain.lockfile], ["pip", null]);
});

void test("hop3.toml [build] package-manager overrides the lockfiles", async () => {
  const choice = await choosePythonInstaller(await appWith({ "uv.lock": "", "requirements.txt": "" }), "pip");
  assert.deepEqual([choice.installer, choice.lockfile, choice.reason], ["pip", "requirements.txt", "pip, as hop3.toml [build] package-manager asks"]);
});

void test("refuses a package-manager that is not a Python installer", async () => {
  await assert.rejects(choosePythonInstaller(await appWith({}), "pnpm"), (error: Hop3Error) => {
    assert.equal(error.code, "APP_CONFIG_INVALID");
    assert.equal(error.message, 'hop3.toml: [build] package-manager "pnpm" is not a Python installer; use one of: uv, poetry, pipenv, pip');
    return true;
  });
});
