import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { AppService } from "../apps/app-service.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { appTree } from "../host/app-tree.ts";
import { copyOfServingBuild } from "./source-of-copy.ts";

export interface AppRedeployDeps {
  readonly apps: Pick<AppService, "require">;
  readonly releases: Pick<ReleaseStore, "current" | "find">;
  readonly locks: Pick<AppLocks, "acquire">;
  readonly layout: Pick<StateLayout, "releaseDir">;
  readonly deploys: Pick<DeployService, "rebuild">;
  /** Fills the new release's directory from the current one's build, as the app (appTree.copy unless a unit test fakes it). */
  readonly copy?: typeof appTree.copy;
}

/**
 * `hop3 redeploy` (ADR 81): the source of the app's current release built again as a new
 * release, through the deploy pipeline (the app's config vars and addon bindings as they are
 * now, the server's toolchains, release phase, health-checked switch). A failure leaves the
 * current release serving. Like a deploy, it starts process types stopped with `ps:stop` again.
 */
export class AppRedeploy {
  readonly #deps: AppRedeployDeps;

  constructor(deps: AppRedeployDeps) {
    this.#deps = deps;
  }

  /** Checks the request and takes the app's lock; the returned function runs the redeploy (it never throws). */
  prepare(appName: string): (emit: (event: DeployEvent) => void) => Promise<boolean> {
    const { apps, locks, releases } = this.#deps;
    const app = apps.require(appName);
    const lock = locks.acquire(app.name);
    try {
      const current = releases.current(app.id);
      if (!current) throw new Hop3Error("APP_NOT_DEPLOYED", `App "${app.name}" has no release to redeploy: it was never deployed, so there is no source to build again.`);
      return (emit) => this.#run(app, current, emit).finally(() => lock.release());
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  // The release row begins before the first await (DeployService.rebuild), so a page opened
  // right after the request already finds it building.
  #run(app: App, current: Release, emit: (event: DeployEvent) => void): Promise<boolean> {
    const { deploys } = this.#deps;
    return deploys.rebuild(
      {
        app,
        // Read and written as the app itself: its own release directories.
        ...copyOfServingBuild(this.#deps, { app, current, reader: (identity) => identity.buildAs }, this.#deps.copy),
        headline: (release) => ({ type: "rerun", reason: "redeploy", app: app.name, release, from: { app: app.name, release: current.number } }),
      },
      emit,
    );
  }
}
