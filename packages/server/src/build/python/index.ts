import type { Builder } from "../builder.ts";
import { buildPython } from "./build.ts";
import { detectPython } from "./detect.ts";

/** Python apps: a virtualenv filled by uv, Poetry, Pipenv or pip, cached per lockfile. */
export const pythonBuilder: Builder = {
  name: "python",
  lookedFor: ["requirements.txt, pyproject.toml, setup.py or Pipfile (python)"],
  detect: (appDir) => detectPython(appDir),
  build: buildPython,
};
