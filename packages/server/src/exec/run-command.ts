import type { ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { killTree } from "./kill-tree.ts";
import { killGroup, ranOutOfMemory, releaseGroup } from "./confine.ts";
import { LineSplitter } from "./line-splitter.ts";
import { spawnAs } from "./spawn-as.ts";

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
  /** Called for every line the command prints, as it prints it; lines past 8 KiB are cut (see line-splitter.ts). */
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
 * Runs a command to completion in its own process group, streaming its output line by line
 * (each line bounded, so whatever it prints the server's memory is not). On timeout or abort
 * the whole process tree is killed, and its resource group, which holds the processes that
 * left the tree's process group. Both stay armed until the output ends, not only until the
 * command exits: a child left behind holding the output open is still bounded by them.
 */
export function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  const target = spawnAs({ argv: options.argv, cwd: options.cwd, env: options.env, runAs: options.runAs, stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"] });
  const child = target.child as ChildProcessByStdio<Writable | null, Readable, Readable>;
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
  const outputEnded = Promise.all([
    rawStdout ? new Promise<void>((resolve) => child.stdout.once("close", resolve)) : readLines(child.stdout, collect("stdout")),
    readLines(child.stderr, collect("stderr")),
  ]);

  let timedOut = false;
  const killAll = () => {
    killTree(child.pid);
    killGroup(target.group);
  };
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killAll();
        }, options.timeoutMs);
  const onAbort = () => killAll();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  const disarm = () => {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  };

  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      disarm();
      reject(error);
    });
    child.once("exit", (exitCode, signal) => {
      void outputEnded.then(() => {
        disarm();
        // Through the privileged parent, the group is the parent's and the exit tells (ADR 31).
        const outOfMemory = ranOutOfMemory(target.group) || (child as { outOfMemory?: boolean }).outOfMemory === true;
        releaseGroup(target.group);
        resolve({ exitCode, signal, timedOut, tail, outOfMemory });
      });
    });
  });
}

/** Splits a stream's output into bounded lines; settles when the stream is closed. */
function readLines(stream: Readable, onLine: (line: string) => void): Promise<void> {
  const splitter = new LineSplitter(onLine);
  stream.on("data", (chunk: Buffer) => splitter.push(chunk));
  return new Promise((resolve) => {
    stream.once("close", () => {
      splitter.end();
      resolve();
    });
  });
}
