import { Hop3Error } from "@hop3/contract";
import { join } from "node:path";
import { isFile } from "../file-probe.ts";
import { readAppText } from "../../host/read-app-file.ts";

/** The tools the python builder installs dependencies with. */
export const pythonInstallers = ["uv", "poetry", "pipenv", "pip"] as const;
export type PythonInstallerName = (typeof pythonInstallers)[number];

/** The installer chosen for an app, and why, in words shown in the build output. */
export interface InstallerChoice {
  readonly installer: PythonInstallerName;
  /** The lockfile (or requirements.txt) the install is pinned by; null installs the project itself, uncached. */
  readonly lockfile: string | null;
  readonly reason: string;
  /** Set when other dependency files were present and set aside: the user should know. */
  readonly setAside: string | null;
}

/** Lockfiles in order of precedence, each naming its tool. */
const lockfiles: readonly (readonly [PythonInstallerName, string])[] = [
  ["uv", "uv.lock"],
  ["poetry", "poetry.lock"],
  ["pipenv", "Pipfile.lock"],
  ["pip", "requirements.txt"],
];

/**
 * Picks the installer from the files present: a tool's lockfile first (uv.lock, poetry.lock,
 * Pipfile.lock), then requirements.txt, then a Pipfile or a pyproject.toml that declares
 * Poetry or uv, then pip installing the project itself. `[build] package-manager` overrides.
 */
export async function choosePythonInstaller(appDir: string, requested: string | null): Promise<InstallerChoice> {
  const present = await presentFiles(appDir, ["uv.lock", "poetry.lock", "Pipfile.lock", "requirements.txt", "Pipfile", "pyproject.toml"]);
  const lockfileFor = (tool: PythonInstallerName) => lockfiles.find(([name, file]) => name === tool && present.has(file))?.[1] ?? null;
  if (requested !== null) {
    if (!(pythonInstallers as readonly string[]).includes(requested)) {
      throw new Hop3Error("APP_CONFIG_INVALID", `hop3.toml: [build] package-manager "${requested}" is not a Python installer; use one of: ${pythonInstallers.join(", ")}`);
    }
    const installer = requested as PythonInstallerName;
    return { installer, lockfile: lockfileFor(installer), reason: `${installer}, as hop3.toml [build] package-manager asks`, setAside: null };
  }
  const found = lockfiles.filter(([, file]) => present.has(file));
  const first = found[0];
  if (first !== undefined) {
    const [installer, lockfile] = first;
    const others = found.slice(1).map(([, file]) => file);
    if (present.has("pyproject.toml") && installer === "pip") others.push("pyproject.toml");
    return {
      installer,
      lockfile,
      reason: `${installer}, from ${lockfile}`,
      setAside: others.length === 0 ? null : `${others.join(" and ")} also present: ${lockfile} wins (set [build] package-manager in hop3.toml to choose another)`,
    };
  }
  if (present.has("Pipfile")) return { installer: "pipenv", lockfile: null, reason: "pipenv, from Pipfile (no Pipfile.lock)", setAside: null };
  const tool = present.has("pyproject.toml") ? await pyprojectTool(appDir) : null;
  if (tool !== null) return { installer: tool, lockfile: null, reason: `${tool}, from pyproject.toml [tool.${tool}] (no lockfile)`, setAside: null };
  return { installer: "pip", lockfile: null, reason: "pip, installing the project itself (pyproject.toml or setup.py)", setAside: null };
}

/** The tool a pyproject.toml is written for, by its `[tool.poetry]` or `[tool.uv]` table. */
async function pyprojectTool(appDir: string): Promise<"poetry" | "uv" | null> {
  const text = (await readAppText(appDir, "pyproject.toml")) ?? "";
  if (/^\s*\[tool\.poetry[\].]/m.test(text) || /^\s*requires\s*=.*poetry-core/m.test(text)) return "poetry";
  if (/^\s*\[tool\.uv[\].]/m.test(text) || /^\s*\[dependency-groups\]/m.test(text)) return "uv";
  return null;
}

async function presentFiles(appDir: string, names: readonly string[]): Promise<Set<string>> {
  const present = new Set<string>();
  for (const name of names) if (await isFile(join(appDir, name))) present.add(name);
  return present;
}
