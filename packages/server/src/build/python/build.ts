import { Hop3Error } from "@hop3/contract";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { announce, note, readStepOutput, runBuildStep } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isDirectory, isFile } from "../file-probe.ts";
import { prependPath } from "../path-env.ts";
import { userFs, type UserFs } from "../user-fs.ts";

const label = "python";
/** Written last into a cached virtualenv: a directory without it is an interrupted build. */
const completeMarker = ".complete";

interface Python {
  readonly version: string;
  readonly executable: string;
}

/**
 * Builds a Python app: with a requirements.txt, a virtualenv shared by every release with the
 * same requirements and Python (a warm redeploy only links it); otherwise `pip install .` into
 * a fresh virtualenv in the release, since the project itself is part of what gets installed.
 */
export async function buildPython(ctx: BuildContext): Promise<BuildResult> {
  const fs = userFs(ctx, label);
  const python = await findPython(ctx);
  announce(ctx, `Python ${python.version} (${python.executable})`);
  const requirements = join(ctx.appDir, "requirements.txt");
  let venv: string;
  if (await isFile(requirements)) {
    venv = await cachedVenv(ctx, fs, python, await readFile(requirements));
    await fs.symlink(venv, join(ctx.appDir, ".venv"));
  } else {
    venv = join(ctx.appDir, ".venv");
    await fs.remove(venv);
    await createVenv(ctx, python, venv);
    await pipInstall(ctx, venv, "Installing the project with pip (no requirements.txt, so not cached)", ["."]);
  }
  return {
    defaultProcesses: {},
    env: { PATH: prependPath([join(venv, "bin")], ctx.env.PATH), VIRTUAL_ENV: venv, PYTHONUNBUFFERED: "1" },
    staticRoot: null,
  };
}

/** The virtualenv for these requirements, reused when a previous build completed it. */
async function cachedVenv(ctx: BuildContext, fs: UserFs, python: Python, requirements: Buffer): Promise<string> {
  const key = createHash("sha256").update(`${python.version}\0${python.executable}\0`).update(requirements).digest("hex").slice(0, 16);
  const venvs = join(ctx.cacheDir, "python", "venvs");
  const venv = join(venvs, key);
  if (await isFile(join(venv, completeMarker))) {
    announce(ctx, `Reusing virtualenv ${key}: requirements.txt and Python are unchanged`);
    return venv;
  }
  // Virtualenvs are not relocatable (scripts carry absolute shebangs), so the venv is built
  // at its final path; the marker written last tells a finished one from an interrupted one.
  if (await isDirectory(venv)) {
    note(ctx, `Discarding the incomplete virtualenv ${key} left by an interrupted build`);
    await fs.remove(venv);
  }
  await fs.mkdirp(venvs);
  try {
    await createVenv(ctx, python, venv);
    await pipInstall(ctx, venv, "Installing dependencies with pip", ["-r", "requirements.txt"]);
    await fs.touch(join(venv, completeMarker));
  } catch (error) {
    await fs.remove(venv).catch(() => undefined);
    throw error;
  }
  return venv;
}

async function findPython(ctx: BuildContext): Promise<Python> {
  const lines = await readStepOutput(ctx, {
    label,
    argv: ["python3", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)"],
  });
  const [version, executable] = lines;
  if (version === undefined || executable === undefined || executable === "") {
    throw new Hop3Error("BUILD_FAILED", `${label}: python3 did not report its version (it printed: ${lines.join(" ")})`);
  }
  return { version, executable };
}

async function createVenv(ctx: BuildContext, python: Python, venv: string): Promise<void> {
  await runBuildStep(ctx, { label, title: `Creating virtualenv with Python ${python.version}`, argv: [python.executable, "-m", "venv", venv] });
}

async function pipInstall(ctx: BuildContext, venv: string, title: string, what: readonly string[]): Promise<void> {
  await runBuildStep(ctx, {
    label,
    title,
    argv: [join(venv, "bin", "python"), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off", ...what],
    env: {
      ...ctx.env,
      PATH: prependPath([join(venv, "bin")], ctx.env.PATH),
      VIRTUAL_ENV: venv,
      PIP_CACHE_DIR: join(ctx.cacheDir, "pip"),
    },
  });
}
