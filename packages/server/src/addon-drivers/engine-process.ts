import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Hop3Error } from "@hop3/contract";
import { identifyProcess, isStillRunning, type ProcessIdentity } from "../exec/process-identity.ts";
import { killTree } from "../exec/kill-tree.ts";
import type { EngineHost } from "./engine-host.ts";

const pollMs = 100;

/**
 * One engine server process (a PostgreSQL cluster, a Redis): started detached as the engine
 * account, recorded by identity so the next server run adopts it instead of starting another
 * (ADR 42), like Caddy. It keeps running when the server stops.
 */
export class EngineProcess {
  readonly #host: EngineHost;
  readonly #name: string;
  readonly #record: string;
  readonly logFile: string;
  #child: ChildProcess | undefined;
  #identity: ProcessIdentity | undefined;

  constructor(host: EngineHost, name: string) {
    this.#host = host;
    this.#name = name;
    this.#record = join(host.dirs.runDir, `${name}.pid.json`);
    this.logFile = join(host.dirs.logsDir, `${name}.log`);
  }

  running(): boolean {
    if (this.#identity === undefined) this.#identity = this.#recorded();
    return this.#identity !== undefined && isStillRunning(this.#identity);
  }

  /** Adopts the recorded process if it still runs and answers, else starts one; resolves once `ready` says so. */
  async ensure(argv: readonly [string, ...string[]], options: { input?: string; ready: () => Promise<boolean>; timeoutMs?: number }): Promise<void> {
    if (this.running()) {
      // Alive but slow to answer (a loaded machine): a second engine on the same data would
      // only fail on its lock file, and the record would then name that dead attempt.
      const deadline = Date.now() + (options.timeoutMs ?? 30_000);
      while (this.running()) {
        if (await options.ready()) return;
        if (Date.now() > deadline) throw new Hop3Error("ADDON_ENGINE_FAILED", `The ${this.#name} engine runs but did not answer within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s.`);
        await sleep(pollMs);
      }
    }
    const child = this.#host.start(argv, { logFile: this.logFile, input: options.input });
    this.#child = child;
    let exited: string | undefined;
    child.once("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
    child.once("error", (error) => (exited = error.message));
    const logStart = await readFile(this.logFile, "utf8").then((text) => text.length, () => 0);
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      if (exited !== undefined) throw new Hop3Error("ADDON_ENGINE_FAILED", `The ${this.#name} engine exited at start (${exited}): ${await this.#tail(logStart)}`);
      if (child.pid !== undefined && this.#identity?.pid !== child.pid) {
        this.#identity = identifyProcess(child.pid) ?? undefined;
        if (this.#identity) await writeFile(this.#record, JSON.stringify(this.#identity), { mode: 0o600 });
      }
      if (await options.ready()) return;
      if (Date.now() > deadline) {
        killTree(child.pid, "SIGKILL");
        throw new Hop3Error("ADDON_ENGINE_FAILED", `The ${this.#name} engine did not answer within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s: ${await this.#tail(logStart)}`);
      }
      await sleep(pollMs);
    }
  }

  /** Stops it (SIGTERM, then SIGKILL after 10 s) and forgets it: the addon is being destroyed. */
  async stop(): Promise<void> {
    const identity = this.#identity ?? this.#recorded();
    if (identity !== undefined && isStillRunning(identity)) {
      killTree(identity.pid, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while (isStillRunning(identity) && Date.now() < deadline) await sleep(pollMs);
      if (isStillRunning(identity)) killTree(identity.pid, "SIGKILL");
    }
    this.#identity = undefined;
    await rm(this.#record, { force: true });
  }

  /** The server is stopping: the engine goes on running, the next run adopts it. */
  detach(): void {
    this.#child?.unref();
  }

  #recorded(): ProcessIdentity | undefined {
    try {
      return JSON.parse(readFileSync(this.#record, "utf8")) as ProcessIdentity;
    } catch {
      return undefined;
    }
  }

  async #tail(from: number): Promise<string> {
    const text = await readFile(this.logFile, "utf8").catch(() => "");
    return text.slice(from).trim().split("\n").slice(-5).join(" | ") || "(nothing in its log)";
  }
}
