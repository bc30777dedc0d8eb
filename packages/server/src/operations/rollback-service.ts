import { existsSync } from "node:fs";
import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { AppService } from "../apps/app-service.ts";
import type { OutputLimit } from "../releases/output-cap.ts";
import { rerunBuild } from "./rerun-build.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import type { ServeReleaseDeps } from "../releases/serve-release.ts";

export interface RollbackDeps {
  readonly apps: AppService;
  readonly releases: ReleaseStore;
  readonly contexts: RunContexts;
  readonly serving: ServeReleaseDeps;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  /** Named when a release's build was pruned. */
  readonly keepReleases: number;
  readonly outputLimit: OutputLimit;
}

/**
 * Rollback: a new release that runs a kept release's build with that release's configuration
 * snapshot, through the same health-checked switch as a deploy. No build, no release phase.
 */
export class RollbackService {
  readonly #deps: RollbackDeps;

  constructor(deps: RollbackDeps) {
    this.#deps = deps;
  }

  /** Checks the request and takes the app's lock; the returned function runs the rollback. */
  prepare(appName: string, number: number | undefined): (emit: (event: DeployEvent) => void) => Promise<boolean> {
    const { apps, locks } = this.#deps;
    const app = apps.require(appName);
    const lock = locks.acquire(app.name);
    try {
      const target = this.#target(app, number);
      return (emit) => this.#run(app, target, emit).finally(() => lock.release());
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  #target(app: App, number: number | undefined): Release {
    const { releases, layout } = this.#deps;
    const current = releases.current(app.id);
    let target: Release | null | undefined;
    if (number === undefined) {
      target = releases.list(app.id).find((r) => r.status === "superseded" && r.number < (current?.number ?? Infinity) && r.buildOf !== current?.buildOf && existsSync(layout.releaseDir(app.name, r.buildOf)));
      if (!target) throw new Hop3Error("ROLLBACK_UNAVAILABLE", `App "${app.name}" has no earlier release with a kept build to roll back to.`);
      return target;
    }
    target = releases.find(app.id, number);
    if (!target) throw new Hop3Error("RELEASE_NOT_FOUND", `App "${app.name}" has no release ${number}.`);
    if (target.number === current?.number) throw new Hop3Error("ROLLBACK_UNAVAILABLE", `Release ${number} of "${app.name}" is the one serving already.`);
    if (target.status !== "superseded" && target.status !== "succeeded") {
      throw new Hop3Error("ROLLBACK_UNAVAILABLE", `Release ${number} of "${app.name}" ${target.status === "failed" ? "failed" : "never finished"}; only releases that served can be started again.`);
    }
    if (!existsSync(layout.releaseDir(app.name, target.buildOf))) {
      throw new Hop3Error("ROLLBACK_UNAVAILABLE", `The build of release ${number} of "${app.name}" was pruned (only the newest ${this.#deps.keepReleases} releases keep theirs).`);
    }
    return target;
  }

  #run(app: App, target: Release, emit: (event: DeployEvent) => void): Promise<boolean> {
    const source = { kind: "rollback" as const, sha: "sha" in target.source ? target.source.sha : null, ref: "ref" in target.source ? target.source.ref : null };
    return rerunBuild(this.#deps, {
      app,
      from: target,
      source,
      reason: "rollback",
    }, emit);
  }
}
