import { appendFileSync } from "node:fs";
import type { Instance } from "@hop3/contract";
import { defaultBackoff, type BackoffPolicy } from "./backoff.ts";
import type { InstanceSpec, ProcessLauncher } from "./instance-spec.ts";
import { ProcessUnit } from "./process-unit.ts";
import type { InstanceRecord, PidFiles } from "./pid-files.ts";
import { identifyProcess } from "../exec/process-identity.ts";
import { stampLogLine } from "../core/log-line.ts";
import type { InstanceUsageBoard } from "./instance-usage.ts";

export interface SupervisorOptions {
  readonly launcher: ProcessLauncher;
  readonly backoff?: BackoffPolicy;
  /** Milliseconds between SIGTERM and SIGKILL when stopping an instance. */
  readonly stopTimeoutMs?: number;
  /** Where running instances are recorded for a later server run to adopt. */
  readonly pidFiles?: PidFiles | undefined;
  /** Quick crashes in a row after which an instance is `failed` (default: defaultCrashLimit). */
  readonly crashLimit?: number | undefined;
  /** The metrics sampler's latest figures, shown by `describe`. */
  readonly usage?: InstanceUsageBoard | undefined;
}

/** Runs every app's instances and keeps them running. */
export class Supervisor {
  readonly #units = new Map<string, ProcessUnit[]>();
  readonly #options: SupervisorOptions;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  /** Starts new instances beside any existing ones; they join the app's units. */
  start(specs: readonly InstanceSpec[]): ProcessUnit[] {
    const units = specs.map((spec) => this.#add(spec));
    for (const unit of units) unit.start();
    return units;
  }

  /** Takes over an instance started by an earlier server run (its process is still running). */
  adopt(spec: InstanceSpec, record: InstanceRecord, startedAt: Date): ProcessUnit {
    const unit = this.#add(spec);
    unit.adopt(record, startedAt);
    return unit;
  }

  /** Lets go of every instance without stopping it: the server stops, the apps keep running. */
  detachAll(): void {
    for (const unit of [...this.#units.values()].flat()) unit.detach();
    this.#units.clear();
  }

  #add(spec: InstanceSpec): ProcessUnit {
    const { pidFiles } = this.#options;
    const unit = new ProcessUnit({
      spec,
      launcher: this.#options.launcher,
      backoff: this.#options.backoff ?? defaultBackoff,
      note: writeNote,
      crashLimit: this.#options.crashLimit,
      lifecycle: pidFiles && {
        launched: (launched, pid) => {
          const identity = identifyProcess(pid);
          if (identity) pidFiles.write(launched, identity);
        },
        stopped: (stopped, pid) => pidFiles.remove(stopped, pid),
      },
    });
    const list = this.#units.get(spec.app) ?? [];
    list.push(unit);
    this.#units.set(spec.app, list);
    return unit;
  }

  /** Stops the given units and forgets them. */
  async stop(units: readonly ProcessUnit[]): Promise<void> {
    await Promise.all(units.map((unit) => unit.stop(this.#options.stopTimeoutMs ?? 10_000)));
    for (const unit of units) {
      const list = this.#units.get(unit.spec.app)?.filter((other) => other !== unit) ?? [];
      if (list.length) this.#units.set(unit.spec.app, list);
      else this.#units.delete(unit.spec.app);
    }
  }

  /** The app's units, optionally only those of one release. */
  unitsOf(app: string, release?: number): ProcessUnit[] {
    const list = this.#units.get(app) ?? [];
    return release === undefined ? [...list] : list.filter((unit) => unit.spec.release === release);
  }

  async stopApp(app: string): Promise<void> {
    await this.stop(this.unitsOf(app));
  }

  async stopAll(): Promise<void> {
    await this.stop([...this.#units.values()].flat());
  }

  /** Every unit of every app. */
  allUnits(): ProcessUnit[] {
    return [...this.#units.values()].flat();
  }

  runningCount(): number {
    return [...this.#units.values()].flat().filter((unit) => unit.state === "running").length;
  }

  /** What `hop3 ps` shows of an app. */
  describe(app: string, now = new Date()): Instance[] {
    return this.unitsOf(app)
      .sort((a, b) => a.spec.type.localeCompare(b.spec.type) || a.spec.index - b.spec.index)
      .map((unit) => ({
        ...usageFields(unit.state === "running" ? this.#options.usage?.of(unit.pid) : undefined),
        type: unit.spec.type,
        index: unit.spec.index,
        state: unit.retiring && unit.state === "running" ? "draining" : unit.state,
        pid: unit.pid,
        port: unit.spec.port,
        startedAt: unit.startedAt?.toISOString() ?? null,
        uptimeSeconds: unit.startedAt ? Math.max(0, Math.round((now.getTime() - unit.startedAt.getTime()) / 1000)) : 0,
        restarts: unit.restarts,
        release: unit.spec.release,
      }));
  }
}

/** Usage figures only once sampled: an instance without any shows none (not zeros, which would be made up). */
function usageFields(usage: ReturnType<InstanceUsageBoard["of"]>): Pick<Instance, "cpuPercent" | "memoryBytes" | "memoryLimitBytes"> {
  return usage ? { cpuPercent: usage.cpuPercent, memoryBytes: usage.memoryBytes, memoryLimitBytes: usage.memoryLimitBytes } : {};
}

function writeNote(spec: InstanceSpec, message: string): void {
  try {
    appendFileSync(spec.logFile, `${stampLogLine(`[hop3] ${spec.type}.${spec.index} ${message}`, new Date(), spec.release)}\n`);
  } catch {
    // The log directory is gone only when the app is being destroyed; nothing to tell.
  }
}
