import { Hop3Error } from "@hop3/contract";
import { readAppText } from "../../host/read-app-file.ts";

/** A Python version an app asks for, and the file that asked. */
export interface RequestedPython {
  /** `3.11` or `3.11.7`. */
  readonly version: string;
  /** `.python-version` or `runtime.txt`. */
  readonly file: string;
}

/** Where an app names its Python, first match wins (pyenv/uv's file, then Heroku's). */
const versionFiles = [".python-version", "runtime.txt"] as const;

/**
 * The Python version the app asks for: the first version line of `.python-version`
 * (`3.11`, `3.11.7`, `python-3.11`) or of `runtime.txt` (`python-3.11.7`). Null when neither
 * file names one; a file whose content is not a version is a `BUILD_FAILED` naming it.
 */
export async function readRequestedPython(appDir: string): Promise<RequestedPython | null> {
  for (const file of versionFiles) {
    const content = (await readAppText(appDir, file)) ?? null;
    if (content === null) continue;
    const line = content
      .split(/\r?\n/)
      .map((text) => text.trim())
      .find((text) => text !== "" && !text.startsWith("#"));
    if (line === undefined) continue;
    const version = parsePythonVersion(line);
    if (version === null) {
      // Quoted only when it looks like a word: the file may be a symlink to one the app's user may not read.
      const quoted = /^[\w.+-]{1,32}$/.test(line) ? `asks for "${line}", which is not` : "does not name";
      throw new Hop3Error("BUILD_FAILED", `python: ${file} ${quoted} a Python version such as 3.11 or python-3.11.7`);
    }
    return { version, file };
  }
  return null;
}

/** `3.11`, `3.11.7`, `python-3.11.7`, `python3.11`, `cpython-3.11` → `3.11` / `3.11.7`; anything else → null. */
export function parsePythonVersion(text: string): string | null {
  const match = /^(?:c?python-?)?(3\.\d+(?:\.\d+)?)$/i.exec(text.trim());
  return match?.[1] ?? null;
}

/**
 * True when an installed `X.Y.Z` satisfies a request: `3.11` takes any 3.11; `3.11.7` takes
 * any 3.11 as well (patch releases are compatible; the caller warns when the patch differs).
 */
export function satisfiesRequest(installed: string, requested: string): boolean {
  return minorOf(installed) === minorOf(requested);
}

/** `3.11.7` → `3.11`. */
export function minorOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}
