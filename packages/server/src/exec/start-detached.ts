import type { ChildProcess } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import type { RunAs } from "./run-command.ts";
import { spawnAs } from "./spawn-as.ts";

export interface StartDetachedOptions {
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly runAs?: RunAs | undefined;
  /** File receiving both stdout and stderr (appended). */
  readonly logFile: string;
  /** A program run first, as the user but outside the sandbox, that execs `argv` (see confine.ts). */
  readonly runFirst?: readonly string[] | undefined;
  /** Also hands the child a pipe as fd 3 (`child.stdio[3]` here); see line-timestamper.ts. */
  readonly pipeOnFd3?: boolean | undefined;
  /** Text written to the child's stdin, which is then closed (default: no stdin). */
  readonly input?: string | undefined;
}

/**
 * Starts a long-running process in its own process group with its output appended to a log
 * file. The caller (the supervisor) watches the returned child for its exit.
 */
export function startDetached(options: StartDetachedOptions): ChildProcess {
  const log = openSync(options.logFile, "a", 0o600);
  let child: ChildProcess;
  try {
    const stdin = options.input === undefined ? "ignore" : "pipe";
    const stdio = options.pipeOnFd3 ? ([stdin, log, log, "pipe"] as const) : ([stdin, log, log] as const);
    child = spawnAs({ argv: options.argv, cwd: options.cwd, env: options.env, runAs: options.runAs, runFirst: options.runFirst, stdio }).child;
  } catch (error) {
    closeSync(log);
    throw error;
  }
  // The child has its own copy once it is spawned; a spawn through the privileged parent
  // reopens this very descriptor first (ADR 31), so it stays open until then.
  if (child.pid !== undefined) closeSync(log);
  else {
    const close = () => {
      child.off("spawn", close);
      child.off("error", close);
      closeSync(log);
    };
    child.once("spawn", close);
    child.once("error", close);
  }
  // A child that exits before reading everything closes the pipe: its exit says why, not EPIPE.
  child.stdin?.on("error", () => undefined);
  child.stdin?.end(options.input);
  return child;
}
