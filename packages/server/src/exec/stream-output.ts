import { spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface StreamOutputOptions {
  /** Program and arguments; never a shell string. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  /** The complete environment of the child: nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
}

export interface StreamedOutput {
  /** The program's stdout, to pipe somewhere (e.g. as an upload). */
  readonly stdout: Readable;
  /** Resolves when the program exits, with its code and the end of its stderr. */
  readonly done: Promise<{ exitCode: number | null; stderr: string }>;
}

/** Runs a program whose stdout is the product (an archive): handed over as a stream. */
export function streamOutput(options: StreamOutputOptions): StreamedOutput {
  const [program, ...args] = options.argv;
  const child = spawn(program, args, { cwd: options.cwd, env: { ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const done = new Promise<{ exitCode: number | null; stderr: string }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => resolve({ exitCode, stderr }));
  });
  return { stdout: child.stdout, done };
}
