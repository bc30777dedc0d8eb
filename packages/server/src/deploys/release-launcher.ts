import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunAs } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { findFreePort } from "../runtime/free-port.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import type { InstanceSpec } from "../runtime/instance-spec.ts";
import type { InstanceRecord } from "../runtime/pid-files.ts";
import type { Supervisor } from "../runtime/supervisor.ts";

/** A release's processes, ready to start. */
export interface LaunchPlan {
  readonly app: string;
  readonly release: number;
  readonly releaseDir: string;
  readonly processes: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
}

/** Starts a release's instances beside whatever is running, or adopts them after a server restart. */
export class ReleaseLauncher {
  readonly #supervisor: Supervisor;
  readonly #layout: StateLayout;

  constructor(supervisor: Supervisor, layout: StateLayout) {
    this.#supervisor = supervisor;
    this.#layout = layout;
  }

  async start(plan: LaunchPlan): Promise<ProcessUnit[]> {
    const specs = [];
    for (const type of Object.keys(plan.processes)) specs.push(this.#spec(plan, type, type === "web" ? await findFreePort() : null));
    return this.#supervisor.start(specs);
  }

  /**
   * Brings a release back at server start: adopts the instances still running from the
   * earlier server run, and starts the ones that are gone (after a reboot, all of them).
   */
  async restore(plan: LaunchPlan, running: readonly InstanceRecord[]): Promise<ProcessUnit[]> {
    const units: ProcessUnit[] = [];
    for (const type of Object.keys(plan.processes)) {
      const record = running.find((r) => r.type === type && r.index === 1 && (type !== "web" || r.port !== null));
      if (record) {
        units.push(this.#supervisor.adopt(this.#spec(plan, type, record.port), record, new Date(record.startedAt)));
      } else {
        units.push(...this.#supervisor.start([this.#spec(plan, type, type === "web" ? await findFreePort() : null)]));
      }
    }
    return units;
  }

  #spec(plan: LaunchPlan, type: string, port: number | null): InstanceSpec {
    const logDir = this.#layout.logDir(plan.app);
    mkdirSync(logDir, { recursive: true, mode: 0o750 });
    return {
      app: plan.app,
      release: plan.release,
      type,
      index: 1,
      command: plan.processes[type] ?? "",
      cwd: plan.releaseDir,
      env: port === null ? plan.env : { ...plan.env, PORT: String(port) },
      runAs: plan.runAs,
      logFile: join(logDir, `${type}.1.log`),
      port,
    };
  }
}
