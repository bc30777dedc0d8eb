import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";
import { cronProcessType } from "../core/cron-job.ts";
import type { ReleaseLauncher } from "../releases/release-launcher.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import type { ReleaseSwitcher } from "../releases/release-switcher.ts";
import { targetOf } from "../routing/route-target.ts";
import type { InstanceCounts } from "../core/instance-counts.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { AppService } from "../apps/app-service.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { ProcessScale } from "../apps/process-scale.ts";
import { checkScaleRequest, scaleChange } from "./scale-request.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";

/** What process control uses of each dependency (unit tests give fakes of just that). */
export interface ProcessControlDeps {
  readonly apps: Pick<AppService, "require">;
  readonly releases: Pick<ReleaseStore, "current">;
  readonly stopped: Pick<StoppedProcesses, "add" | "remove" | "typesOf">;
  readonly supervisor: Pick<Supervisor, "unitsOf" | "stop">;
  readonly launcher: Pick<ReleaseLauncher, "start" | "startInstances">;
  readonly switcher: Pick<ReleaseSwitcher, "switchTo" | "waitUntilReady" | "drain">;
  readonly routes: Pick<RouteTable, "get" | "set">;
  readonly locks: AppLocks;
  readonly contexts: Pick<RunContexts, "of">;
  readonly scale: Pick<ProcessScale, "scaledOf" | "set" | "unset">;
}

/**
 * `hop3 ps:stop / ps:start / ps:restart / ps:scale`: stops, starts and scales the current
 * release's processes (all, or one type). Stopped types and scales are recorded, so a server
 * restart or a reboot keeps them; a stopped web process (or none) gives the app a 503 page.
 */
export class ProcessControl {
  readonly #deps: ProcessControlDeps;

  constructor(deps: ProcessControlDeps) {
    this.#deps = deps;
  }

  async stop(appName: string, type: string | undefined): Promise<void> {
    await this.#locked(appName, async (app, release) => {
      const { supervisor, stopped, routes } = this.#deps;
      const types = this.#typesOf(app, release, type);
      stopped.add(app.id, types);
      await supervisor.stop(supervisor.unitsOf(app.name).filter((unit) => types.includes(unit.spec.type)));
      if (types.includes("web") || type === undefined) await routes.set(app.name, { kind: "stopped" });
    });
  }

  async start(appName: string, type: string | undefined): Promise<void> {
    await this.#locked(appName, async (app, release) => {
      const { supervisor, stopped, launcher, routes } = this.#deps;
      const types = this.#typesOf(app, release, type);
      stopped.remove(app.id, types);
      // Failed instances (crash loop) are replaced; running ones are left alone.
      const plan = await this.#plan(app, release, types);
      // `cron` has no instances: removing it from the stopped types resumes the app's jobs.
      for (const t of types.filter((type) => type !== cronProcessType)) {
        const change = scaleChange(supervisor.unitsOf(app.name).filter((unit) => unit.spec.type === t), plan.instances[t] ?? 1);
        await supervisor.stop([...change.discard, ...change.retire]);
        if (change.start.length > 0) await launcher.startInstances(plan, t, change.start);
      }
      const routeStopped = routes.get(app.name)?.kind === "stopped";
      if ((types.includes("web") || routeStopped) && !stopped.typesOf(app.id).has("web")) {
        await routes.set(app.name, targetOf(supervisor.unitsOf(app.name, release.number), plan.instances["web"]));
      }
    });
  }

  /**
   * Restarts with new instances: web through the zero-downtime switch of the current release
   * (new instances beside the old, health-checked, then the old ones drain and stop), other
   * types by stop then start.
   */
  async restart(appName: string, type: string | undefined): Promise<void> {
    await this.#locked(appName, async (app, release) => {
      const { supervisor, stopped, launcher, switcher } = this.#deps;
      const types = this.#typesOf(app, release, type);
      stopped.remove(app.id, types);
      const others = types.filter((t) => t !== "web" && t !== cronProcessType);
      const old = supervisor.unitsOf(app.name).filter((unit) => others.includes(unit.spec.type));
      await supervisor.stop(old);
      const plan = await this.#plan(app, release, types);
      if (types.includes("web")) {
        const switched = await switcher.switchTo({ ...plan, processes: { web: plan.processes["web"] ?? "" }, settings: { ...release.settings, postdeploy: [] }, restart: true }, () => undefined);
        await switched.retire();
      }
      if (others.length > 0) await launcher.start({ ...plan, processes: Object.fromEntries(others.map((t) => [t, plan.processes[t] ?? ""])) });
    });
  }

  /**
   * Sets how many instances of each named type run, and makes it so: new instances start (web
   * ones join the load balancer once healthy), the highest indexes leave the route, drain and
   * stop. A type scaled up that was stopped (`ps:stop`) runs again. On failure nothing changes.
   */
  async scale(appName: string, requested: InstanceCounts): Promise<void> {
    await this.#locked(appName, async (app, release) => {
      checkScaleRequest(app.name, release, requested);
      const { supervisor, stopped, launcher, switcher, routes, scale } = this.#deps;
      const types = Object.keys(requested);
      const before = { scaled: scale.scaledOf(app.id), stopped: stopped.typesOf(app.id) };
      scale.set(app.id, requested);
      stopped.remove(app.id, types);
      const plan = await this.#plan(app, release, types);
      const started: ProcessUnit[] = [];
      const retired: ProcessUnit[] = [];
      try {
        for (const type of types) {
          const change = scaleChange(supervisor.unitsOf(app.name).filter((unit) => unit.spec.type === type), requested[type] ?? 1);
          await supervisor.stop(change.discard);
          retired.push(...change.retire);
          if (change.start.length > 0) started.push(...(await launcher.startInstances(plan, type, change.start)));
        }
        if (started.length > 0) await switcher.waitUntilReady(release.settings, started, () => undefined);
      } catch (error) {
        await supervisor.stop(started);
        scale.unset(app.id, types.filter((type) => !(type in before.scaled)));
        scale.set(app.id, Object.fromEntries(types.filter((type) => type in before.scaled).map((type) => [type, before.scaled[type] ?? 1])));
        stopped.add(app.id, types.filter((type) => before.stopped.has(type)));
        throw error;
      }
      if (types.includes("web") && !stopped.typesOf(app.id).has("web")) {
        const serving = supervisor.unitsOf(app.name, release.number).filter((unit) => !retired.includes(unit));
        await routes.set(app.name, targetOf(serving, requested["web"]));
        if (retired.some((unit) => unit.spec.type === "web")) await switcher.drain();
      }
      await supervisor.stop(retired);
    });
  }

  async #locked(appName: string, change: (app: App, release: Release) => Promise<void>): Promise<void> {
    const { apps, releases, locks } = this.#deps;
    const app = apps.require(appName);
    const lock = locks.acquire(app.name);
    try {
      const release = releases.current(app.id);
      if (!release || Object.keys(release.processes).length === 0) {
        throw new Hop3Error("PROCESS_TYPE_UNKNOWN", `App "${app.name}" has no processes to control (${release ? "it is a static site" : "it was never deployed"}).`);
      }
      await change(app, release);
    } finally {
      lock.release();
    }
  }

  /** The release's process types, and `cron` when it has scheduled jobs (paused and resumed like a type). */
  #typesOf(app: App, release: Release, type: string | undefined): string[] {
    const known = [...Object.keys(release.processes), ...(release.settings.cron.length > 0 && !(cronProcessType in release.processes) ? [cronProcessType] : [])];
    if (type === undefined) return known;
    if (!known.includes(type)) {
      throw new Hop3Error("PROCESS_TYPE_UNKNOWN", `App "${app.name}" has no process type "${type}" in its current release ${release.number} (it has: ${known.join(", ")}).`);
    }
    return [type];
  }

  /** The named types of the release, in its run context. */
  async #plan(app: App, release: Release, types: readonly string[]) {
    const context = await this.#deps.contexts.of(app, release);
    return { ...context, processes: Object.fromEntries(types.map((t) => [t, release.processes[t] ?? ""])), settings: release.settings };
  }
}
