import type { RouteTarget } from "../core/route.ts";
import type { HealthCheckResult } from "../runtime/health-check.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import type { LaunchPlan, ReleaseLauncher } from "./release-launcher.ts";
import type { SwitcherDeps } from "./release-switcher.ts";

/** A unit as the switcher sees it: its spec, its state, its restarts. */
interface FakeUnit {
  readonly spec: ProcessUnit["spec"];
  state: ProcessUnit["state"];
  restarts: number;
  retiring: boolean;
  readonly alive: boolean;
}

/**
 * The fake twin of what a ReleaseSwitcher drives (supervisor, launcher, route table, health
 * checks, log files, waits), for unit tests: no process, socket, file or sleep. It records
 * what happened in `log`, in order; a wait resolves only when the test calls `releaseWaits()`
 * (or at once with `waits: "instant"`).
 */
export class FakeReleaseHost {
  readonly log: string[] = [];
  readonly #units: FakeUnit[] = [];
  #route: RouteTarget | undefined;
  #nextPort = 30001;
  #pendingWaits: (() => void)[] = [];
  /** The answer of the next health checks; `exits` makes the new instance exit while starting. */
  health: HealthCheckResult | "exits" = { ok: true, detail: "fine" };
  waits: "instant" | "held" = "instant";

  /** Units already running, as from an earlier release. */
  running(app: string, release: number, types: Record<string, number>): void {
    for (const [type, count] of Object.entries(types)) {
      for (let index = 1; index <= count; index++) this.#units.push(this.#unit(app, release, type, index));
    }
    this.#route = { kind: "upstreams", addresses: this.#units.filter((u) => u.spec.port !== null).map((u) => `127.0.0.1:${u.spec.port}`) };
  }

  /** What `hop3 ps` would list: `type.index@release state`. */
  listed(app: string): string[] {
    return this.#units.filter((u) => u.spec.app === app).map((u) => `${u.spec.type}.${u.spec.index}@${u.spec.release} ${u.retiring && u.state === "running" ? "draining" : u.state}`);
  }

  get route(): RouteTarget | undefined {
    return this.#route;
  }

  /** Lets every wait in progress (drain, worker settling) end. */
  releaseWaits(): void {
    const waiting = this.#pendingWaits;
    this.#pendingWaits = [];
    for (const resolve of waiting) resolve();
  }

  deps(): Omit<SwitcherDeps, "timing" | "launcher"> & { launcher: Pick<ReleaseLauncher, "start" | "startInstances"> } {
    const units = () => this.#units as unknown as ProcessUnit[];
    return {
      supervisor: {
        unitsOf: (app: string, release?: number) => units().filter((unit) => unit.spec.app === app && (release === undefined || unit.spec.release === release)),
        stop: async (stopped: readonly ProcessUnit[]) => {
          for (const unit of stopped) {
            this.log.push(`stop ${unit.spec.type}.${unit.spec.index}@${unit.spec.release}`);
            const at = this.#units.indexOf(unit as unknown as FakeUnit);
            if (at !== -1) this.#units.splice(at, 1);
          }
        },
      },
      launcher: {
        start: async (plan: LaunchPlan) => {
          const started = Object.keys(plan.processes).flatMap((type) =>
            Array.from({ length: plan.instances?.[type] ?? 1 }, (_, i) => this.#unit(plan.app, plan.release, type, i + 1)),
          );
          this.#units.push(...started);
          this.log.push(`start ${started.map((u) => `${u.spec.type}.${u.spec.index}@${u.spec.release}`).join(" ")}`);
          return started as unknown as ProcessUnit[];
        },
        startInstances: async (plan: LaunchPlan, type: string, indexes: readonly number[]) => {
          const started = indexes.map((index) => this.#unit(plan.app, plan.release, type, index));
          this.#units.push(...started);
          this.log.push(`start ${started.map((u) => `${u.spec.type}.${u.spec.index}@${u.spec.release}`).join(" ")}`);
          return started as unknown as ProcessUnit[];
        },
      },
      routes: {
        get: () => this.#route,
        set: async (app: string, target: RouteTarget) => {
          this.#route = target;
          this.log.push(`route ${app} -> ${target.kind === "upstreams" ? target.addresses.join(",") : target.kind}`);
        },
        hostOf: (app: string) => `${app}.example.test`,
      },
      effects: {
        healthCheck: async (port) => {
          this.log.push(`check ${port}`);
          if (this.health !== "exits") return this.health;
          const unit = this.#units.find((u) => u.spec.port === port);
          if (unit) unit.state = "backoff";
          return { ok: false, detail: "exited" };
        },
        followLogs: () => ({ stop: () => undefined }),
        wait: (ms) => {
          this.log.push(`wait ${ms}`);
          if (this.waits === "instant") return Promise.resolve();
          return new Promise<void>((resolve) => this.#pendingWaits.push(resolve));
        },
      },
    };
  }

  #unit(app: string, release: number, type: string, index: number): FakeUnit {
    const port = type === "web" ? this.#nextPort++ : null;
    const spec = { app, release, type, index, command: `./${type}`, cwd: `/apps/${app}/releases/${release}`, env: {}, runAs: undefined, logFile: `/logs/${app}/${type}.${index}.log`, port };
    return {
      spec,
      state: "running",
      restarts: 0,
      retiring: false,
      get alive() {
        return this.state === "running" || this.state === "backoff" || this.state === "starting";
      },
    };
  }
}
