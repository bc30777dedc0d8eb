import type { Builder } from "../builder.ts";
import { buildPython } from "./build.ts";
import { detectPython } from "./detect.ts";

/** Python apps: a virtualenv filled by pip, cached per set of requirements. */
export const pythonBuilder: Builder = {
  name: "python",
  lookedFor: ["requirements.txt, pyproject.toml or setup.py (python)"],
  detect: (appDir) => detectPython(appDir),
  build: buildPython,
};
