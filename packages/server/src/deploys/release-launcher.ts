import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunAs } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { findFreePort } from "../runtime/free-port.ts";
import { followLogs } from "../runtime/log-follower.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import type { InstanceSpec } from "../runtime/instance-spec.ts";
import type { InstanceRecord } from "../runtime/pid-files.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import { waitForPort } from "../runtime/wait-for-port.ts";

/** A release's processes, ready to start. */
export interface LaunchPlan {
  readonly app: string;
  readonly release: number;
  readonly releaseDir: string;
  readonly processes: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
}

export type Readiness = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** How long a non-web process must stay up to count as started. */
const workerSettleMs = 1000;

/** Starts a release's instances beside whatever is running, and tells when they serve. */
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

  /**
   * Waits until every web instance accepts connections on its port and every other instance
   * is still up after a moment, streaming their output through `onLine` meanwhile.
   */
  async waitUntilReady(units: readonly ProcessUnit[], timeoutMs: number, onLine: (line: string) => void): Promise<Readiness> {
    const names = new Map(units.map((unit) => [unit.spec.logFile, `${unit.spec.type}.${unit.spec.index}`]));
    const follower = followLogs([...names.keys()], (file, line) => onLine(`${names.get(file)}: ${line}`));
    try {
      for (const unit of units.filter((u) => u.spec.port !== null)) {
        const port = unit.spec.port as number;
        const up = await waitForPort(port, { timeoutMs, stillTrying: () => unit.state === "running" && unit.restarts === 0 });
        if (!up) return { ok: false, reason: failureOf(unit, `did not accept connections on port ${port} within ${timeoutMs / 1000}s`) };
      }
      const others = units.filter((u) => u.spec.port === null);
      if (others.length) await sleep(workerSettleMs);
      const crashed = others.find((unit) => unit.state !== "running" || unit.restarts > 0);
      if (crashed) return { ok: false, reason: failureOf(crashed, "exited while starting") };
      return { ok: true };
    } finally {
      follower.stop();
    }
  }
}

function failureOf(unit: ProcessUnit, otherwise: string): string {
  const name = `${unit.spec.type}.${unit.spec.index}`;
  if (unit.state !== "running" || unit.restarts > 0) return `Process ${name} (\`${unit.spec.command}\`) exited while starting.`;
  return `Process ${name} (\`${unit.spec.command}\`) ${otherwise}.`;
}
