import { setTimeout as sleep } from "node:timers/promises";
import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { ReleaseSettings } from "../core/release.ts";
import type { RouteTable } from "../routing/route-table.ts";
import { runHealthCheck } from "../runtime/health-check.ts";
import { followLogs } from "../runtime/log-follower.ts";
import { parseLogLine } from "../core/log-line.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { LaunchPlan, ReleaseLauncher } from "./release-launcher.ts";
import { targetOf } from "../routing/route-target.ts";
import { runAppCommands } from "./run-app-commands.ts";

/**
 * A built release, ready to take an app's traffic: the processes to start, in the release's
 * run context (whose `runAs` already carries the release's limits).
 */
export interface SwitchPlan extends LaunchPlan {
  readonly settings: ReleaseSettings;
  /** New instances of the release already serving (`hop3 ps:restart`), not a new release. */
  readonly restart?: boolean;
}

export interface SwitcherDeps {
  readonly launcher: Pick<ReleaseLauncher, "start">;
  readonly supervisor: Pick<Supervisor, "unitsOf" | "stop">;
  readonly routes: Pick<RouteTable, "get" | "set" | "hostOf">;
  readonly timing: { readonly startTimeoutMs: number; readonly drainMs: number; readonly commandTimeoutMs: number };
  /** Told when a new release serves: processes stopped with `hop3 ps:stop` run again from then on. */
  readonly onNewRelease?: ((app: string) => void) | undefined;
  /** The health check, log follower and waits: real ones unless a unit test gives its fakes. */
  readonly effects?: Partial<SwitcherEffects> | undefined;
}

/** What the switcher does to the world besides its deps: probe ports, follow log files, wait. */
export interface SwitcherEffects {
  readonly healthCheck: typeof runHealthCheck;
  readonly followLogs: typeof followLogs;
  readonly wait: (ms: number) => Promise<unknown>;
}

const realEffects: SwitcherEffects = { healthCheck: runHealthCheck, followLogs, wait: (ms) => sleep(ms) };

/** A switch that happened: the new instances serve; the replaced ones are still to drain and stop. */
export interface Switched {
  /** How many replaced instances `retire` drains and stops. */
  readonly draining: number;
  /** Drains the replaced instances (requests in flight finish), then stops them. */
  retire(): Promise<void>;
}

/** How long a non-web process must stay up to count as started. */
const workerSettleMs = 1000;

/**
 * The zero-downtime switch: new instances start beside the old ones on fresh ports; once all
 * pass their checks the proxy switches at once; post-deploy commands run (a failure switches
 * back). It resolves then, with the old instances still to `retire` (drain, then stop): the
 * caller decides whether to wait for that. Before the switch, any failure stops the new
 * instances and leaves the old ones serving, untouched.
 */
export class ReleaseSwitcher {
  readonly #deps: SwitcherDeps;
  readonly #effects: SwitcherEffects;

  constructor(deps: SwitcherDeps) {
    this.#deps = deps;
    this.#effects = { ...realEffects, ...deps.effects };
  }

  async switchTo(plan: SwitchPlan, emit: (event: DeployEvent) => void): Promise<Switched> {
    const { launcher, supervisor, routes, timing } = this.#deps;
    // A restart (same release) replaces only the types it starts; a new release replaces all.
    const replaced = supervisor.unitsOf(plan.app).filter((unit) => !unit.retiring && (unit.spec.release !== plan.release || unit.spec.type in plan.processes));
    // hop3.toml [[ports]]: a fixed host port cannot be held by two processes at once, so the
    // old non-web processes (the ones that may listen on it) stop before the new ones start;
    // web instances still overlap, behind the proxy.
    const handedOver = (plan.settings.ports ?? []).length > 0 ? replaced.filter((unit) => unit.spec.port === null) : [];
    if (handedOver.length > 0) await supervisor.stop(handedOver);
    const previous = replaced.filter((unit) => !handedOver.includes(unit));
    const previousTarget = routes.get(plan.app);
    const started = performance.now();
    let units: ProcessUnit[] = [];
    const instances = plan.instances ?? {};
    try {
      if (Object.keys(plan.processes).length > 0) {
        emit({ type: "starting", processes: Object.entries(plan.processes).map(([type, command]) => ({ type, command, instances: instances[type] ?? 1 })) });
        units = await launcher.start(plan);
        if (units.length > 0) await this.waitUntilReady(plan.settings, units, emit);
      }
      emit({ type: "switching", host: routes.hostOf(plan.app), release: plan.release });
      await routes.set(plan.app, targetOf(units, "web" in plan.processes ? instances["web"] : undefined));
    } catch (error) {
      await supervisor.stop(units);
      throw error;
    }
    if (plan.settings.postdeploy.length > 0) {
      try {
        await runAppCommands({
          commands: plan.settings.postdeploy,
          label: "postdeploy command",
          cwd: plan.cwd,
          env: plan.env,
          runAs: plan.runAs,
          timeoutMs: timing.commandTimeoutMs,
          errorCode: "POSTDEPLOY_FAILED",
          onLine: (line) => emit({ type: "log", source: "start", stream: "stdout", line }),
        });
      } catch (error) {
        emit({ type: "switching-back", app: plan.app });
        await routes.set(plan.app, previousTarget ?? { kind: "unavailable" });
        await supervisor.stop(units);
        throw error;
      }
    }
    emit({ type: "switched", seconds: (performance.now() - started) / 1000, draining: previous.length });
    if (!plan.restart) this.#deps.onNewRelease?.(plan.app);
    // Old instances being drained and stopped: `hop3 ps` shows them, a later switch leaves them to this retirement.
    for (const unit of previous) unit.retiring = true;
    return { draining: previous.length, retire: () => this.#retire(previous) };
  }

  async #retire(units: readonly ProcessUnit[]): Promise<void> {
    if (units.length > 0) await this.drain();
    await this.#deps.supervisor.stop(units);
  }

  /** Waits for the connections in flight on instances just taken out of the route to finish. */
  async drain(): Promise<void> {
    if (this.#deps.timing.drainMs > 0) await this.#effects.wait(this.#deps.timing.drainMs);
  }

  /** Every web instance passes its health check; every other one stays up for a moment. */
  async waitUntilReady(settings: ReleaseSettings, units: readonly ProcessUnit[], emit: (event: DeployEvent) => void): Promise<void> {
    const path = settings.healthcheck?.path ?? null;
    const source = path === null ? null : (settings.healthcheck?.source ?? null);
    emit({ type: "health-check", path, source });
    const names = new Map(units.map((unit) => [unit.spec.logFile, `${unit.spec.type}.${unit.spec.index}`]));
    const from = new Map(units.map((unit) => [unit.spec.logFile, unit.logOffsetAtStart]));
    const follower = this.#effects.followLogs([...names.keys()], (file, line) => emit({ type: "log", source: "start", stream: "stdout", line: `${names.get(file)}: ${parseLogLine(line).text}` }), undefined, from);
    try {
      const startTimeoutMs = settings.startTimeoutMs ?? this.#deps.timing.startTimeoutMs;
      for (const unit of units.filter((u) => u.spec.port !== null)) {
        const alive = () => unit.state === "running" && unit.restarts === 0;
        const result = await this.#effects.healthCheck(unit.spec.port as number, settings.healthcheck, { startTimeoutMs, stillTrying: alive });
        if (!alive()) throw exitedWhileStarting(unit);
        if (!result.ok) throw new Hop3Error("HEALTHCHECK_FAILED", `Process ${unit.spec.type}.${unit.spec.index} (\`${unit.spec.command}\`) is not healthy: ${result.detail}.`);
        emit({ type: "healthy", port: unit.spec.port as number, path, source });
      }
      const others = units.filter((u) => u.spec.port === null);
      if (others.length) await this.#effects.wait(workerSettleMs);
      const crashed = others.find((unit) => unit.state !== "running" || unit.restarts > 0);
      if (crashed) throw exitedWhileStarting(crashed);
    } finally {
      follower.stop();
    }
  }
}

function exitedWhileStarting(unit: ProcessUnit): Hop3Error {
  return new Hop3Error("START_FAILED", `Process ${unit.spec.type}.${unit.spec.index} (\`${unit.spec.command}\`) exited while starting.`);
}
