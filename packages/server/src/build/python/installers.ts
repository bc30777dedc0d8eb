import { join } from "node:path";
import { runBuildStep } from "../build-step.ts";
import type { BuildContext } from "../builder.ts";
import { prependPath } from "../path-env.ts";
import { systemCaBundle } from "../trust-store.ts";
import type { PythonInstallerName } from "./choose-installer.ts";
import { createVenv } from "./create-venv.ts";
import type { Python } from "./interpreter.ts";

const label = "python";

/** One install of an app's dependencies into a virtualenv. */
export interface InstallRequest {
  readonly installer: PythonInstallerName;
  /** The lockfile the install follows; null when there is none (the tool resolves, or pip installs the project). */
  readonly lockfile: string | null;
  readonly venv: string;
  readonly python: Python;
}

/**
 * Installs the app's runtime dependencies into `venv`, never its dev dependencies, following
 * the lockfile exactly (no upgrades). Every tool's cache and config live in the app's cache
 * directory: builds never write to HOME. The project itself is installed only by pip
 * without a lockfile; with a tool the app runs from its directory, as on Heroku.
 */
export async function installDependencies(ctx: BuildContext, request: InstallRequest): Promise<void> {
  const env = toolEnv(ctx, request);
  const run = (title: string, argv: readonly [string, ...string[]]) => runBuildStep(ctx, { label, title, argv, env });
  const { venv, python, lockfile } = request;
  switch (request.installer) {
    case "uv":
      // uv creates the virtualenv itself, with the chosen interpreter (UV_PYTHON), never a downloaded one.
      await run(
        `Installing dependencies with uv sync${lockfile === null ? " (no uv.lock: resolving now)" : " --locked"}`,
        ["uv", "sync", ...(lockfile === null ? [] : ["--locked"]), "--no-default-groups", "--no-install-project", "--no-progress"],
      );
      return;
    case "poetry":
      await createVenv(ctx, { python, venv, env });
      await run(
        lockfile === null ? "Installing dependencies with poetry install (no poetry.lock: resolving now)" : "Installing dependencies with poetry sync",
        ["poetry", lockfile === null ? "install" : "sync", "--only", "main", "--no-root", "--no-interaction", "--no-ansi"],
      );
      return;
    case "pipenv":
      await createVenv(ctx, { python, venv, env });
      await run(
        lockfile === null ? "Installing dependencies with pipenv install (no Pipfile.lock: resolving now)" : "Installing dependencies with pipenv install --deploy",
        ["pipenv", "install", ...(lockfile === null ? [] : ["--deploy"])],
      );
      return;
    case "pip":
      await createVenv(ctx, { python, venv, env });
      await run(
        lockfile === null ? "Installing the project with pip (no requirements.txt, so not cached)" : "Installing dependencies with pip",
        [join(venv, "bin", "python"), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off", ...(lockfile === null ? ["."] : ["-r", lockfile])],
      );
      return;
  }
}

/** The environment of the install: the virtualenv active, and each tool pointed at the app's cache. */
function toolEnv(ctx: BuildContext, request: InstallRequest): Record<string, string> {
  const cache = (name: string) => join(ctx.cacheDir, name);
  return {
    ...ctx.env,
    PATH: prependPath([join(request.venv, "bin")], ctx.env.PATH),
    VIRTUAL_ENV: request.venv,
    PIP_CACHE_DIR: cache("pip"),
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    UV_CACHE_DIR: cache("uv"),
    UV_PROJECT_ENVIRONMENT: request.venv,
    UV_PYTHON: request.python.executable,
    UV_PYTHON_DOWNLOADS: "never",
    UV_PYTHON_PREFERENCE: "only-system",
    UV_NO_CONFIG: "1",
    POETRY_CACHE_DIR: cache("poetry"),
    POETRY_CONFIG_DIR: join(cache("poetry"), "config"),
    POETRY_DATA_DIR: join(cache("poetry"), "data"),
    POETRY_VIRTUALENVS_CREATE: "false",
    POETRY_NO_INTERACTION: "1",
    PYTHON_KEYRING_BACKEND: "keyring.backends.null.Keyring",
    PIPENV_CACHE_DIR: cache("pipenv"),
    WORKON_HOME: join(cache("pipenv"), "venvs"),
    PIPENV_PYTHON: request.python.executable,
    PIPENV_YES: "1",
    PIPENV_NOSPIN: "1",
    PIPENV_DONT_LOAD_ENV: "1",
    PIPENV_VERBOSITY: "-1",
    // uv and Poetry (requests) bundle their own CA list: they use the host's instead.
    UV_SYSTEM_CERTS: "1",
    ...(ctx.env.REQUESTS_CA_BUNDLE === undefined ? { REQUESTS_CA_BUNDLE: systemCaBundle } : {}),
    // Anything else that caches "in HOME" goes to the app's cache too.
    XDG_CACHE_HOME: cache("xdg-cache"),
    XDG_DATA_HOME: cache("xdg-data"),
  };
}
