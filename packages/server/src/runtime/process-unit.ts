import { statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { InstanceState } from "@hop3/contract";
import type { ProcessIdentity } from "../exec/process-identity.ts";
import { backoffDelay, type BackoffPolicy } from "./backoff.ts";
import type { InstanceSpec, ProcessLauncher, SupervisedChild } from "./instance-spec.ts";

/** Told when an instance's process starts and when the instance is stopped for good. */
export interface UnitLifecycle {
  launched(spec: InstanceSpec, pid: number): void;
  /** `pid` is the process that was stopped, when there was one. */
  stopped(spec: InstanceSpec, pid: number | undefined): void;
}

export interface ProcessUnitOptions {
  readonly spec: InstanceSpec;
  readonly launcher: ProcessLauncher;
  readonly backoff: BackoffPolicy;
  /** Receives the supervisor's own notes about this instance (exits, restarts), for its log. */
  readonly note: (spec: InstanceSpec, message: string) => void;
  readonly lifecycle?: UnitLifecycle | undefined;
  /** Consecutive quick crashes (each within `backoff.stableAfterMs`) after which the instance is `failed`. */
  readonly crashLimit?: number | undefined;
}

/** How long a note about an exit waits for the app's last lines to reach the log first. */
const lastLinesWaitMs = 500;

/** Ten quick crashes in a row is a crash loop, not bad luck: restarting more only fills the log. */
export const defaultCrashLimit = 10;

/**
 * One supervised instance: a small state machine that starts its process, restarts it with
 * backoff when it exits on its own, and stops it with SIGTERM then SIGKILL.
 */
export class ProcessUnit {
  readonly spec: InstanceSpec;
  /**
   * Taken out of its app's route by a newer release: being drained, then stopped, in the
   * background (ADR 40). `hop3 ps` shows it `draining` while it still runs.
   */
  retiring = false;
  #state: InstanceState = "stopped";
  #child: SupervisedChild | null = null;
  #startedAt: Date | null = null;
  #restarts = 0;
  #consecutiveCrashes = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly #options: ProcessUnitOptions;

  constructor(options: ProcessUnitOptions) {
    this.spec = options.spec;
    this.#options = options;
  }

  /** The log file's size when `start()` was last called (0 before, or for an adopted process). */
  logOffsetAtStart = 0;

  get state(): InstanceState {
    return this.#state;
  }

  get pid(): number | null {
    return this.#state === "running" || this.#state === "stopping" ? (this.#child?.pid ?? null) : null;
  }

  get restarts(): number {
    return this.#restarts;
  }

  get startedAt(): Date | null {
    return this.#state === "running" ? this.#startedAt : null;
  }

  /** True while the unit is meant to be up (running, or waiting to restart). */
  get alive(): boolean {
    return this.#state === "running" || this.#state === "backoff" || this.#state === "starting";
  }

  start(): void {
    this.#state = "starting";
    // Where this start's output begins in the log: a deploy streams it from there, however
    // soon after the spawn it starts following.
    this.logOffsetAtStart = fileSize(this.spec.logFile);
    this.#launch();
  }

  /** Takes over a process started by an earlier server run, as if this unit had started it. */
  adopt(identity: ProcessIdentity, startedAt: Date): void {
    this.#watch(this.#options.launcher.watch(identity), startedAt);
  }

  /** Lets go of the process without stopping it (the server is stopping; apps keep running). */
  detach(): void {
    clearTimeout(this.#restartTimer);
    this.#state = "stopped";
  }

  /** Stops the instance: SIGTERM to its process group, SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    clearTimeout(this.#restartTimer);
    const child = this.#child;
    if (this.#state !== "running" || !child?.pid) {
      this.#state = "stopped";
      this.#options.lifecycle?.stopped(this.spec, child?.pid);
      return;
    }
    this.#state = "stopping";
    const { launcher } = this.#options;
    const pid = child.pid;
    launcher.killGroup(pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    const killer = setTimeout(() => launcher.killGroup(pid, "SIGKILL"), timeoutMs);
    await this.#exited;
    // The shell may exit before the app it started; the instance is stopped when its whole group is.
    while (launcher.groupAlive(pid) && Date.now() < deadline) await sleep(50);
    clearTimeout(killer);
    if (launcher.groupAlive(pid)) launcher.killGroup(pid, "SIGKILL");
    this.#state = "stopped";
    this.#options.lifecycle?.stopped(this.spec, pid);
  }

  #launch(): void {
    const child = this.#options.launcher.launch(this.spec);
    if (child.pid !== undefined) this.#options.lifecycle?.launched(this.spec, child.pid);
    // Spawned through the privileged parent, the pid comes a moment later (ADR 31).
    else child.once("spawn", () => child.pid !== undefined && this.#options.lifecycle?.launched(this.spec, child.pid));
    this.#watch(child, new Date());
  }

  #watch(child: SupervisedChild, startedAt: Date): void {
    this.#child = child;
    this.#startedAt = startedAt;
    this.#state = "running";
    this.#exited = new Promise((resolve) => {
      let settled = false;
      const onGone = (code: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        resolve();
        this.#onExit(code, signal);
      };
      child.once("exit", (code: number | null, signal: NodeJS.Signals | null) => onGone(code, signal));
      child.once("error", (error: Error) => {
        this.#options.note(this.spec, `could not start: ${error.message}`);
        onGone(null, null);
      });
    });
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    const outputDone = this.#child?.outputDone;
    // The group leader (the Procfile's shell) is gone; children it left would hold the port.
    if (this.#child?.pid) this.#options.launcher.killGroup(this.#child.pid, "SIGKILL");
    const ranMs = Date.now() - (this.#startedAt?.getTime() ?? Date.now());
    this.#consecutiveCrashes = ranMs >= this.#options.backoff.stableAfterMs ? 1 : this.#consecutiveCrashes + 1;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const limit = this.#options.crashLimit ?? defaultCrashLimit;
    if (this.#consecutiveCrashes >= limit) {
      // Failed is final until someone acts (ps:restart, ps:start, a deploy start new units).
      this.#state = "failed";
      this.#noteAfter(outputDone, `${how}; it crashed ${limit} times in a row, each within ${Math.round(this.#options.backoff.stableAfterMs / 1000)}s of starting: marked failed, not restarting (hop3 ps:restart or a deploy starts it again)`);
      return;
    }
    const delay = backoffDelay(this.#options.backoff, this.#consecutiveCrashes);
    this.#noteAfter(outputDone, `${how}; restarting in ${delay < 1000 ? `${delay}ms` : `${(delay / 1000).toFixed(1)}s`}`);
    this.#state = "backoff";
    this.#restartTimer = setTimeout(() => {
      if (this.#state !== "backoff") return;
      this.#restarts += 1;
      this.#launch();
    }, delay);
  }

  /** Notes an exit once the app's last lines are in the log (the crash's stack trace comes before the note). */
  #noteAfter(outputDone: Promise<void> | undefined, message: string): void {
    if (!outputDone) {
      this.#options.note(this.spec, message);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, lastLinesWaitMs)));
    void Promise.race([outputDone, waited]).then(() => {
      clearTimeout(timer);
      this.#options.note(this.spec, message);
    });
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
