import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** The files that make an app a Python app, in order of preference. */
export const pythonMarkers = ["requirements.txt", "pyproject.toml", "setup.py", "Pipfile"] as const;

/** True when the app has a requirements.txt, pyproject.toml, setup.py or Pipfile at its root. */
export async function detectPython(appDir: string): Promise<boolean> {
  for (const marker of pythonMarkers) if (await isFile(join(appDir, marker))) return true;
  return false;
}
