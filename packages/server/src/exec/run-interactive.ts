import type { ChildProcessByStdio } from "node:child_process";
import type { Argv } from "./confine.ts";
import { spawnAs } from "./spawn-as.ts";
import type { Readable, Writable } from "node:stream";
import type { RunAs } from "../core/app-identity.ts";
import { killTree } from "./kill-tree.ts";
import { ptyHelperSource } from "./pty-helper.ts";

/** A terminal size in character cells. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface RunInteractiveOptions {
  /** Program and arguments; never a shell string. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  /** The complete environment of the child: nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly runAs?: RunAs | undefined;
  /** Runs the command on a new pseudo-terminal of this size (then stderr carries only Hop3's own errors). */
  readonly terminal?: TerminalSize | undefined;
}

/** How an interactive command ended. */
export interface InteractiveExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the program could not be started at all (then exitCode is 127 or 126, as in a shell). */
  readonly startError?: string | undefined;
}

/** A running interactive command. */
export interface InteractiveProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resizes the command's terminal (nothing without one). */
  resize(size: TerminalSize): void;
  /** Kills the command and what it started (its process group; its terminal session with --tty). */
  kill(): void;
  /** Resolves once the command has exited and its output streams have ended. */
  readonly exited: Promise<InteractiveExit>;
}

/**
 * Inside the sandbox the program is looked up by bubblewrap, whose own message would be
 * confusing: a constant script reports a missing program as a shell does (exit 127).
 */
const reportMissingScript = 'command -v "$1" >/dev/null 2>&1 || { echo "$1: command not found" >&2; exit 127; }; exec "$@"';

/** Python from Debian (installed by the bootstrap), not whatever an app's PATH finds first. */
const python = "/usr/bin/python3";
// The helper gets this long to hang up the command's session before it is killed too.
const terminalKillGraceMs = 3000;

/**
 * Runs a one-off command (`hop3 run`) with its stdin, stdout and stderr as streams, in its
 * own process group, as the app's user. This is the one place such commands are spawned, so
 * a sandbox wraps them here. With a terminal, a Python pty helper (pty-helper.ts) runs the
 * command on a pseudo-terminal and relays it.
 */
export function runInteractive(options: RunInteractiveOptions): InteractiveProcess {
  const terminal = options.terminal;
  const confined = options.runAs?.confinement !== undefined;
  const command: Argv = terminal
    ? [python, "-I", "-c", ptyHelperSource, String(terminal.columns), String(terminal.rows), ...options.argv]
    : confined
      ? ["/bin/sh", "-c", reportMissingScript, "hop3-run", ...options.argv]
      : options.argv;
  const stdio = terminal ? ["pipe", "pipe", "pipe", "pipe"] as const : ["pipe", "pipe", "pipe"] as const;
  const child = spawnAs({ argv: command, cwd: options.cwd, env: options.env, runAs: options.runAs, stdio }).child as ChildProcessByStdio<Writable, Readable, Readable>;
  const control = child.stdio[3] as Writable | null | undefined;
  // A command that stops reading its input (or is gone) is not an error of the session.
  child.stdin.on("error", () => undefined);
  control?.on("error", () => undefined);
  let exited = false;

  const streamsClosed = [child.stdout, child.stderr].map((stream) => new Promise<void>((resolve) => stream.once("close", resolve)));
  const done = new Promise<InteractiveExit>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      exited = true;
      const missing = error.code === "ENOENT";
      resolve({ exitCode: missing ? 127 : 126, signal: null, startError: `${options.argv[0]}: ${missing ? "command not found" : error.message}` });
    });
    child.once("exit", (exitCode, signal) => {
      exited = true;
      control?.end();
      void Promise.all(streamsClosed).then(() => resolve({ exitCode, signal }));
    });
  });

  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    resize(size) {
      if (control && !exited) control.write(`${size.columns} ${size.rows}\n`);
    },
    kill() {
      if (exited) return;
      if (!terminal) return killTree(child.pid);
      killTree(child.pid, "SIGTERM");
      setTimeout(() => killTree(child.pid), terminalKillGraceMs).unref();
    },
    exited: done,
  };
}
