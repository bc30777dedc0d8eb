import { Hop3Error } from "@hop3/contract";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readStepOutput, warn } from "../build-step.ts";
import type { BuildContext } from "../builder.ts";
import { minorOf, readRequestedPython, satisfiesRequest, type RequestedPython } from "./requested-version.ts";

/** An installed Python interpreter. */
export interface Python {
  /** `3.11.2`. */
  readonly version: string;
  readonly executable: string;
}

const label = "python";
/** Searched besides the build's PATH; interpreters downloaded by uv are never used (ADR 0020). */
const systemDirs = ["/usr/local/bin", "/usr/bin"];
const probe = "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)";

/**
 * The interpreter for this build: the one `.python-version`/`runtime.txt` asks for among the
 * installed ones, else `python3` on PATH. A version that is not installed is a `BUILD_FAILED`
 * naming the file, the version asked for and the versions installed.
 */
export async function choosePython(ctx: BuildContext): Promise<{ python: Python; requested: RequestedPython | null }> {
  const requested = await readRequestedPython(ctx.appDir);
  if (requested === null) return { python: await probePython(ctx, "python3"), requested };
  const installed = await installedPythons(ctx);
  const python = pickPython(installed, requested);
  if (python === null) {
    const versions = installed.map((candidate) => `${candidate.version} (${candidate.executable})`).join(", ") || "none";
    throw new Hop3Error("BUILD_FAILED", `python: ${requested.file} asks for Python ${requested.version}, which is not installed on this server. Installed: ${versions}`, {
      hint: `Change ${requested.file} to one of the installed versions, or ask the server's operator to install python${minorOf(requested.version)}.`,
    });
  }
  if (requested.version.split(".").length === 3 && python.version !== requested.version) {
    warn(ctx, `${requested.file} asks for Python ${requested.version}; using ${python.version}, the installed ${minorOf(python.version)} release.`);
  }
  return { python, requested };
}

/** The installed interpreter that satisfies the request: the exact version, else the newest of the same minor. */
export function pickPython(installed: readonly Python[], requested: RequestedPython): Python | null {
  const exact = installed.find((python) => python.version === requested.version);
  if (exact !== undefined) return exact;
  const matching = installed.filter((python) => satisfiesRequest(python.version, requested.version));
  return matching.sort((a, b) => comparePatch(b.version, a.version))[0] ?? null;
}

/** Every `python3.X` found on the build's PATH and in the system directories, one per real interpreter. */
async function installedPythons(ctx: BuildContext): Promise<Python[]> {
  const dirs = [...new Set([...(ctx.env.PATH ?? "").split(":").filter((dir) => dir.startsWith("/")), ...systemDirs])];
  const found = new Map<string, Python>();
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((entry) => /^python3\.\d+$/.test(entry)).sort()) {
      const python = await probePython(ctx, join(dir, name)).catch(() => null);
      if (python !== null && !found.has(python.executable)) found.set(python.executable, python);
    }
  }
  return [...found.values()].sort((a, b) => comparePatch(a.version, b.version));
}

async function probePython(ctx: BuildContext, command: string): Promise<Python> {
  const lines = await readStepOutput(ctx, { label, argv: [command, "-c", probe] });
  const [version, executable] = lines;
  if (version === undefined || executable === undefined || executable === "") {
    throw new Hop3Error("BUILD_FAILED", `${label}: ${command} did not report its version (it printed: ${lines.join(" ")})`);
  }
  return { version, executable };
}

function comparePatch(a: string, b: string): number {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
