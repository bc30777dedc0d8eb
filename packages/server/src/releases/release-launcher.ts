import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { InstanceCounts } from "../core/instance-counts.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { findFreePortIn } from "../runtime/free-port.ts";
import { instancePortRange } from "../core/port-ranges.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import type { InstanceSpec } from "../runtime/instance-spec.ts";
import type { InstanceRecord } from "../runtime/pid-files.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { RunContext } from "./run-context.ts";

/** A release's processes, ready to start: which ones, in the release's run context. */
export interface LaunchPlan extends Pick<RunContext, "app" | "release" | "cwd" | "env" | "runAs"> {
  readonly processes: Readonly<Record<string, string>>;
  /** Instances of each type (`hop3 ps:scale`); a type not named runs one. */
  readonly instances?: InstanceCounts | undefined;
}

/** Starts a release's instances beside whatever is running, or adopts them after a server restart. */
export class ReleaseLauncher {
  readonly #supervisor: Supervisor;
  readonly #layout: StateLayout;

  constructor(supervisor: Supervisor, layout: StateLayout) {
    this.#supervisor = supervisor;
    this.#layout = layout;
  }

  /** Starts every instance of the plan: indexes 1..N of each type (N from `instances`, default 1). */
  async start(plan: LaunchPlan): Promise<ProcessUnit[]> {
    const units: ProcessUnit[] = [];
    for (const type of Object.keys(plan.processes)) units.push(...(await this.startInstances(plan, type, indexesOf(plan, type))));
    return units;
  }

  /** Starts the given instances of one process type, web ones on fresh ports. */
  async startInstances(plan: LaunchPlan, type: string, indexes: readonly number[]): Promise<ProcessUnit[]> {
    const specs: InstanceSpec[] = [];
    const taken = new Set(this.#supervisor.unitsOf(plan.app).map((unit) => unit.spec.port));
    for (const index of indexes) {
      // The ports are only reserved once the instances listen: never hand out one twice.
      const port = type === "web" ? await findFreePortIn(instancePortRange, taken) : null;
      taken.add(port);
      specs.push(this.#spec(plan, type, index, port));
    }
    return this.#supervisor.start(specs);
  }

  /**
   * Brings a release back at server start: adopts the instances still running from the
   * earlier server run, and starts the ones that are gone (after a reboot, all of them).
   */
  async restore(plan: LaunchPlan, running: readonly InstanceRecord[]): Promise<ProcessUnit[]> {
    const units: ProcessUnit[] = [];
    for (const type of Object.keys(plan.processes)) {
      for (const index of indexesOf(plan, type)) {
        const record = running.find((r) => r.type === type && r.index === index && (type !== "web" || r.port !== null));
        if (record) {
          units.push(this.#supervisor.adopt(this.#spec(plan, type, index, record.port), record, new Date(record.startedAt)));
        } else {
          units.push(...(await this.startInstances(plan, type, [index])));
        }
      }
    }
    return units;
  }

  #spec(plan: LaunchPlan, type: string, index: number, port: number | null): InstanceSpec {
    const logDir = this.#layout.logDir(plan.app);
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    return {
      app: plan.app,
      release: plan.release,
      type,
      index,
      command: plan.processes[type] ?? "",
      cwd: plan.cwd,
      env: port === null ? plan.env : { ...plan.env, PORT: String(port) },
      runAs: plan.runAs,
      logFile: join(logDir, `${type}.${index}.log`),
      port,
    };
  }
}

/** 1..N for the type's count in the plan. */
function indexesOf(plan: LaunchPlan, type: string): number[] {
  return Array.from({ length: plan.instances?.[type] ?? 1 }, (_, i) => i + 1);
}
