import { Hop3Error, type ConfigChanged, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { checkConfigKey, checkConfigKeyToSet, type ConfigVarMap } from "../core/config-vars.ts";
import type { Release } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { AppService } from "../apps/app-service.ts";
import type { OutputLimit } from "../releases/output-cap.ts";
import { rerunBuild } from "./rerun-build.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import type { ServeReleaseDeps } from "../releases/serve-release.ts";
import type { ConfigVarStore } from "../configvars/config-var-store.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import type { RouteTable } from "../routing/route-table.ts";

export interface ConfigVarServiceDeps {
  readonly apps: AppService;
  readonly vars: ConfigVarStore;
  readonly releases: ReleaseStore;
  /** Run contexts read their config vars from `vars`: a restart runs with the change just saved. */
  readonly contexts: RunContexts;
  readonly serving: ServeReleaseDeps;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  readonly outputLimit: OutputLimit;
  /** Types stopped with `hop3 ps:stop` stay stopped through a config restart. */
  readonly stopped: Pick<StoppedProcesses, "typesOf" | "add">;
  readonly routes: Pick<RouteTable, "set">;
}

/** A config change asked for: what to set and remove, and whether to restart. */
export interface ConfigChange {
  readonly set: ConfigVarMap;
  readonly unset: readonly string[];
  readonly restart: boolean;
}

/** A saved change: either done (no restart), or a restart to run, streaming deploy events. */
export type ConfigChangeOutcome =
  | { readonly kind: "saved"; readonly result: ConfigChanged }
  | { readonly kind: "restart"; run(emit: (event: DeployEvent) => void): Promise<boolean> };

/**
 * Config vars: reading, and changing them. A change is saved, then (unless told not to) the
 * serving release's build is started again with the new environment, as a new release of
 * source `config`, through the same health-checked switch as a deploy.
 */
export class ConfigVarService {
  readonly #deps: ConfigVarServiceDeps;

  constructor(deps: ConfigVarServiceDeps) {
    this.#deps = deps;
  }

  list(appName: string): ConfigVarMap {
    return this.#deps.vars.varsOf(this.#deps.apps.require(appName).name);
  }

  get(appName: string, key: string): string {
    const vars = this.list(appName);
    if (!Object.hasOwn(vars, key)) throw new Hop3Error("CONFIG_KEY_NOT_FOUND", `App "${appName}" has no config var ${JSON.stringify(key.slice(0, 80))}.`);
    return vars[key] as string;
  }

  /** Checks, takes the app's lock, saves; the returned outcome says whether a restart follows. */
  change(appName: string, change: ConfigChange): ConfigChangeOutcome {
    const { apps, vars, locks, releases } = this.#deps;
    const app = apps.require(appName);
    const setKeys = Object.keys(change.set);
    for (const key of setKeys) checkConfigKeyToSet(key);
    for (const key of change.unset) checkConfigKey(key);
    if (setKeys.length === 0 && change.unset.length === 0) throw new Hop3Error("REQUEST_INVALID", "The config change names no var to set or unset.");
    const both = setKeys.find((key) => change.unset.includes(key));
    if (both !== undefined) throw new Hop3Error("REQUEST_INVALID", `Config var ${both} is both set and unset in one change.`);
    // Under the app's lock, so a deploy in progress never starts with half a change.
    const lock = locks.acquire(app.name);
    try {
      const existing = vars.varsOf(app.name);
      const missing = change.unset.find((key) => !Object.hasOwn(existing, key));
      if (missing !== undefined) throw new Hop3Error("CONFIG_KEY_NOT_FOUND", `App "${app.name}" has no config var ${missing}; nothing was changed.`);
      vars.change(app.name, change.set, change.unset);
      const current = releases.current(app.id);
      const stopped = this.#deps.stopped.typesOf(app.id);
      const reason = !change.restart ? "not asked to restart" : whyNoRestart(current, stopped);
      if (reason !== null || !current) {
        lock.release();
        return { kind: "saved", result: { app: app.name, set: setKeys, unset: [...change.unset], restarted: false, reason: reason ?? "" } };
      }
      return { kind: "restart", run: (emit) => this.#restart(app, current, stopped, emit).finally(() => lock.release()) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /**
   * Restarts the app's serving release with its environment as it is now (addon bindings
   * changed); the caller holds the app's lock. Says why not when there is nothing to restart.
   */
  async restartHeld(app: App, emit: (event: DeployEvent) => void): Promise<{ restarted: boolean; reason: string }> {
    const current = this.#deps.releases.current(app.id);
    const stopped = this.#deps.stopped.typesOf(app.id);
    const reason = whyNoRestart(current, stopped);
    if (reason !== null || !current) return { restarted: false, reason: reason ?? "" };
    const restarted = await this.#restart(app, current, stopped, emit);
    return { restarted, reason: restarted ? "" : "the restart failed; the previous release keeps serving" };
  }

  // Only `ps:start`, `ps:restart`, a deploy or a rollback start a stopped type again (docs/operating.md).
  async #restart(app: App, current: Release, stopped: ReadonlySet<string>, emit: (event: DeployEvent) => void): Promise<boolean> {
    const restarted = await rerunBuild(this.#deps, {
      app,
      from: current,
      source: { kind: "config" },
      skipTypes: stopped,
      reason: "config",
      failureHint: "The config vars were saved: they apply at the next deploy, rollback or restart (`hop3 config APP` shows them).",
    }, emit);
    // The new release cleared the stopped types (as a deploy does): they are stopped still.
    if (restarted && stopped.size > 0) {
      this.#deps.stopped.add(app.id, [...stopped]);
      if (stopped.has("web")) await this.#deps.routes.set(app.name, { kind: "stopped" });
    }
    return restarted;
  }
}

function whyNoRestart(current: Release | null, stopped: ReadonlySet<string>): string | null {
  const types = Object.keys(current?.processes ?? {});
  if (!current) return "the app has no release yet";
  if (types.length === 0) return "the app runs no process";
  if (types.every((type) => stopped.has(type))) return "the app is stopped: `hop3 ps:start` starts it with them";
  return null;
}
