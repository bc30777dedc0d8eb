import type { ChildProcess } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { userInfo } from "node:os";
import type { ServiceAccount } from "../exec/as-service-account.ts";
import { runCommand, type RunCommandResult } from "../exec/run-command.ts";
import { startDetached } from "../exec/start-detached.ts";
import { Hop3Error } from "@hop3/contract";

/** Engines' environment: fixed, never an app's or the server's (ADR 22). */
const engineEnv = Object.freeze({ PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" });

/** Where the engines keep things, and as whom they run (ADR 42). */
export interface EngineDirs {
  /** The engine account's directory (data of every engine below it). */
  readonly addonsDir: string;
  /** Sockets the apps connect to: read-only in every app's sandbox. */
  readonly socketsDir: string;
  /** The daemon's own files for the engines (PostgreSQL's hba and ident files, 0644). */
  readonly configDir: string;
  /** The engines' logs and pid records (the daemon's). */
  readonly logsDir: string;
  readonly runDir: string;
}

/**
 * Runs the engines' programs as the engine account (through the privileged parent when the
 * daemon is separated), and the clients as the daemon itself.
 */
export class EngineHost {
  readonly dirs: EngineDirs;
  readonly account: ServiceAccount | undefined;
  /** The daemon's own Unix user: PostgreSQL maps it to its admin role. */
  readonly selfUser: string;

  constructor(dirs: EngineDirs, account: ServiceAccount | undefined) {
    this.dirs = dirs;
    this.account = account;
    this.selfUser = userInfo().username;
  }

  /** Runs a short program as the engine account; refuses with ADDON_ENGINE_FAILED when it fails. */
  async runAsEngine(argv: readonly [string, ...string[]], what: string): Promise<void> {
    const result = await runCommand({ argv, cwd: "/", env: engineEnv, runAs: this.#runAs(), timeoutMs: 120_000 });
    check(result, what);
  }

  /** Starts a long-running engine process as the engine account, detached, its output appended to `logFile`. */
  start(argv: readonly [string, ...string[]], options: { logFile: string; input?: string; env?: Readonly<Record<string, string>> }): ChildProcess {
    // The privileged parent lets only versitygw's root key through (engineSecretEnv, ADR 51).
    return startDetached({ argv, cwd: "/", env: { ...engineEnv, ...options.env }, runAs: this.#runAs(), logFile: options.logFile, input: options.input });
  }

  /** Runs a client as the daemon itself, feeding it `input`; resolves to what it printed. */
  async client(argv: readonly [string, ...string[]], input: string, what: string, env: Readonly<Record<string, string>> = {}): Promise<string[]> {
    const lines: string[] = [];
    const result = await runCommand({ argv, cwd: "/", env: { ...engineEnv, ...env }, timeoutMs: 60_000, stdin: Readable.from([input]), onLine: (stream, line) => stream === "stdout" && lines.push(line) });
    check(result, what);
    return lines;
  }

  /** Runs a client as the daemon with stdin from `input` or stdout to `output` (files of the daemon's: dumps). */
  async clientFiles(argv: readonly [string, ...string[]], files: { input?: string; output?: string }, what: string, env: Readonly<Record<string, string>> = {}): Promise<void> {
    const stdout = files.output === undefined ? undefined : createWriteStream(files.output, { mode: 0o600 });
    const result = await runCommand({ argv, cwd: "/", env: { ...engineEnv, ...env }, timeoutMs: 3_600_000, stdin: files.input === undefined ? undefined : createReadStream(files.input), stdout });
    await new Promise<void>((resolve) => (stdout ? stdout.end(resolve) : resolve()));
    check(result, what);
  }

  #runAs() {
    return this.account === undefined ? undefined : { uid: this.account.uid, gid: this.account.gid };
  }
}

function check(result: RunCommandResult, what: string): void {
  if (result.exitCode === 0) return;
  const how = result.timedOut ? "timed out" : result.signal ? `was killed (${result.signal})` : `exited with code ${result.exitCode}`;
  throw new Hop3Error("ADDON_ENGINE_FAILED", `${what} ${how}: ${result.tail.slice(-5).join(" | ")}`);
}
