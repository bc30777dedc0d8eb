import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { killTree } from "./kill-tree.ts";
import { ranOutOfMemory, releaseGroup, spawnTarget } from "./confine.ts";

import type { RunAs } from "../core/app-identity.ts";

export type { RunAs };

export interface RunCommandOptions {
  /** Program and arguments; never a shell string. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  /** The complete environment of the child: nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly runAs?: RunAs | undefined;
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Called for every line the command prints, as it prints it. */
  readonly onLine?: ((stream: "stdout" | "stderr", line: string) => void) | undefined;
  /** Bytes to feed the command (e.g. an archive to unpack); otherwise its stdin is empty. */
  readonly stdin?: Readable | undefined;
  /** Where the command's standard output goes as bytes (e.g. an archive being made), instead of lines. */
  readonly stdout?: Writable | undefined;
}

export interface RunCommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The last lines printed (both streams), for error messages. */
  readonly tail: readonly string[];
  /** The kernel killed the command for exceeding its confinement's memory limit. */
  readonly outOfMemory: boolean;
}

const tailSize = 40;

/**
 * Runs a command to completion in its own process group, streaming its output line by line.
 * On timeout or abort the whole process tree is killed.
 */
export function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  const target = spawnTarget(options.argv, options.cwd, options.runAs);
  const [program, ...args] = target.argv;
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: { ...options.env },
    uid: target.uid,
    gid: target.gid,
    detached: true,
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
  if (options.stdin && child.stdin) {
    // The command may stop reading early (it failed, or was killed): that ends the feeding, not the server.
    child.stdin.on("error", () => options.stdin?.unpipe(child.stdin ?? undefined));
    options.stdin.pipe(child.stdin);
  }
  const tail: string[] = [];
  const collect = (stream: "stdout" | "stderr") => (line: string) => {
    tail.push(line);
    if (tail.length > tailSize) tail.shift();
    options.onLine?.(stream, line);
  };
  const rawStdout = options.stdout;
  if (rawStdout) child.stdout.pipe(rawStdout);
  const closedStreams = (rawStdout ? [child.stderr] : [child.stdout, child.stderr]).map((stream, index) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on("line", collect(index === 0 && !rawStdout ? "stdout" : "stderr"));
    return new Promise<void>((resolve) => lines.once("close", resolve));
  });

  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killTree(child.pid);
        }, options.timeoutMs);
  const onAbort = () => killTree(child.pid);
  options.signal?.addEventListener("abort", onAbort, { once: true });

  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.once("exit", (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      void Promise.all(closedStreams).then(() => {
        const outOfMemory = ranOutOfMemory(target.group);
        releaseGroup(target.group);
        resolve({ exitCode, signal, timedOut, tail, outOfMemory });
      });
    });
  });
}
