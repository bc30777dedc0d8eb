import { join } from "node:path";
import { readStepOutput, runBuildStep } from "../build-step.ts";
import type { BuildContext } from "../builder.ts";
import { onPath } from "../process-program.ts";
import type { Python } from "./interpreter.ts";

const label = "python";

/**
 * Prints the wheels the interpreter's `ensurepip` installs into a new virtualenv (pip, and
 * setuptools before Python 3.12; the distribution's copies when it keeps them apart, as
 * Debian does in /usr/share/python-wheels), one path a line; nothing when it cannot tell.
 * `ensurepip` has no public API for this: its internals differ before and from 3.13.
 */
const ensurepipWheels = `
import os
try:
    import ensurepip
    if hasattr(ensurepip, "_get_packages"):
        packages = ensurepip._get_packages()
        wheels = [packages[name].wheel_path or os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", packages[name].wheel_name) for name in ensurepip._PACKAGE_NAMES]
    else:
        with ensurepip._get_pip_whl_path_ctx() as path:
            wheels = [str(path)]
    if all(os.path.isfile(wheel) for wheel in wheels):
        print("\\n".join(wheels))
except Exception:
    pass
`;

/**
 * Creates the virtualenv `venv` with the same content as `python -m venv` — the interpreter's
 * own pip (and setuptools before 3.12), compiled — but through uv: ensurepip spends seconds
 * running pip to install pip, uv installs the same wheels in a fraction of that, offline.
 * Without uv on PATH, or when the interpreter does not say which wheels its ensurepip holds,
 * `python -m venv` does it as before. `env` is the install's environment (uv's cache is the app's).
 */
export async function createVenv(ctx: BuildContext, options: { python: Python; venv: string; env: Readonly<Record<string, string>> }): Promise<void> {
  const { python, venv, env } = options;
  const title = `Creating virtualenv with Python ${python.version}`;
  // -I: the app's own files (an `ensurepip.py` in its directory) and PYTHON* variables play no part.
  const wheels = (await onPath("uv", env.PATH)) ? await readStepOutput(ctx, { label, argv: [python.executable, "-I", "-c", ensurepipWheels], env }) : [];
  if (wheels.length === 0) {
    await runBuildStep(ctx, { label, title, argv: [python.executable, "-m", "venv", venv], env });
    return;
  }
  await runBuildStep(ctx, { label, title, argv: ["uv", "venv", "--quiet", "--no-project", "--python", python.executable, venv], env });
  await runBuildStep(ctx, { label, argv: ["uv", "pip", "install", "--quiet", "--python", join(venv, "bin", "python"), "--no-index", "--compile-bytecode", ...wheels], env });
}
