import { join } from "node:path";
import { announce, warn } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isFile } from "../file-probe.ts";
import { prependPath } from "../path-env.ts";
import { userFs } from "../user-fs.ts";
import { choosePythonInstaller } from "./choose-installer.ts";
import { installDependencies } from "./installers.ts";
import { choosePython } from "./interpreter.ts";
import { cachedVenv, venvKey } from "./venv-cache.ts";
import { readAppFile } from "../../host/read-app-file.ts";

const label = "python";
/** Besides the lockfile, the files whose change must rebuild a tool's cached virtualenv. */
const manifests = { uv: ["pyproject.toml"], poetry: ["pyproject.toml"], pipenv: ["Pipfile"], pip: [] } as const;

/**
 * Builds a Python app: picks the interpreter (`.python-version`/`runtime.txt`) and the
 * installer (uv, Poetry, Pipenv or pip, by lockfile), then installs the runtime dependencies
 * into a virtualenv. With a lockfile, the virtualenv is shared by every release with the same
 * lockfile and Python (a warm redeploy only links it); without one, it is built in the release.
 */
export async function buildPython(ctx: BuildContext): Promise<BuildResult> {
  const fs = userFs(ctx, label);
  const { python, requested } = await choosePython(ctx);
  announce(ctx, `Python ${python.version} (${python.executable})${requested === null ? "" : `, as ${requested.file} asks`}`);
  const choice = await choosePythonInstaller(ctx.appDir, ctx.config.packageManager);
  announce(ctx, `Installing with ${choice.reason}`);
  if (choice.setAside !== null) warn(ctx, choice.setAside);
  if (choice.lockfile === null && choice.installer !== "pip") warn(ctx, `No lockfile: ${choice.installer} resolves the dependencies now, so installs are not reproducible. Commit the lockfile.`);

  const link = join(ctx.appDir, ".venv");
  let venv: string;
  if (choice.lockfile !== null) {
    const files = [choice.lockfile, ...manifests[choice.installer]];
    const contents = await Promise.all(files.map(async (file) => (await readAppFile(ctx.appDir, file)) ?? Buffer.alloc(0)));
    const key = venvKey([choice.installer, python.version, python.executable, ...files.flatMap((file, i) => [file, contents[i] ?? ""])]);
    ({ venv } = await cachedVenv(ctx, fs, key, files.join(" and "), (target) =>
      installDependencies(ctx, { installer: choice.installer, lockfile: choice.lockfile, venv: target, python }),
    ));
    await fs.symlink(venv, link);
  } else {
    venv = link;
    await fs.remove(venv);
    await installDependencies(ctx, { installer: choice.installer, lockfile: null, venv, python });
  }
  if (!(await isFile(join(venv, "bin", "python")))) warn(ctx, `The virtualenv has no bin/python: the app's processes will use the system's.`);
  return {
    defaultProcesses: {},
    env: { PATH: prependPath([join(venv, "bin")], ctx.env.PATH), VIRTUAL_ENV: venv, PYTHONUNBUFFERED: "1" },
    staticRoot: null,
    runtime: { name: "python", version: python.version, command: python.executable },
  };
}
