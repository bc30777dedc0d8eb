import { spawn } from "node:child_process";

export interface RunAttachedOptions {
  /** Program and arguments; never a shell string. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  /** The complete environment of the child: nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** Given, the program reads this on stdin (then end of file) instead of this process's stdin. */
  readonly input?: string | null | undefined;
}

/**
 * Runs a program on this process's own stdin (or on `input`), stdout and stderr (the SSH
 * channel, for the forced command) and resolves with its exit code; a signal counts as 128 + its number.
 */
export function runAttached(options: RunAttachedOptions): Promise<number> {
  const [program, ...args] = options.argv;
  const input = options.input ?? null;
  const child = spawn(program, args, { cwd: options.cwd, env: { ...options.env }, stdio: [input === null ? "inherit" : "pipe", "inherit", "inherit"] });
  if (input !== null) {
    // A program that exits without reading its input is not an error here: its status says it all.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input);
  }
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 0)));
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
