import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { ConfigVarStore } from "../configvars/config-var-store.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import { appTree } from "../host/app-tree.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import { checkNewName, takeLocks } from "./app-rename.ts";
import type { AppService } from "../apps/app-service.ts";
import { copyOfServingBuild } from "./source-of-copy.ts";
import type { AddonService } from "./addon-service.ts";

export interface AppCloneDeps {
  readonly apps: AppService;
  readonly releases: ReleaseStore;
  readonly configVars: ConfigVarStore;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  readonly deploys: DeployService;
  /** The source's addons are copied for the clone (ADR 69). */
  readonly addons?: Pick<AddonService, "copyAttachments" | "destroyCopies">;
}

/**
 * `hop3 apps:clone`: a new app with its own Unix account, port and hostname, a copy of the
 * source app's config vars, data directory and addons (new addons with a copy of their data,
 * ADR 69), and the source's current release built again from a copy of its build directory as
 * release 1. The source app is only read.
 */
export class AppClone {
  readonly #deps: AppCloneDeps;

  constructor(deps: AppCloneDeps) {
    this.#deps = deps;
  }

  /** Checks the request and takes both names' locks (the source's: no deploy prunes its build meanwhile). */
  prepare(from: string, to: string): (emit: (event: DeployEvent) => void) => Promise<boolean> {
    const { apps, locks } = this.#deps;
    const source = apps.require(from);
    checkNewName(apps, source.name, to);
    const held = takeLocks(locks, [source.name, to]);
    return (emit) => this.#run(source, to, emit).finally(() => held.forEach((lock) => lock.release()));
  }

  async #run(source: App, to: string, emit: (event: DeployEvent) => void): Promise<boolean> {
    const { apps, releases, configVars, deploys } = this.#deps;
    emit({ type: "cloning", app: source.name, to });
    let clone: App | null = null;
    let addons: string[] = [];
    try {
      clone = await apps.create(to);
      const vars = configVars.varsOf(source.name);
      configVars.change(to, vars, []);
      await this.#copyData(source, clone);
      addons = (await this.#deps.addons?.copyAttachments(source, clone, emit)) ?? [];
      emit({ type: "copied", configVars: Object.keys(vars).length });
    } catch (error) {
      if (clone) await apps.destroyUnlocked(clone);
      const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `Cloning ${source.name} failed: ${(error as Error).message}`, { cause: error });
      emit({ type: "failed", error: failure.toBody() });
      return false;
    }
    const current = releases.current(source.id);
    if (!current) {
      emit({ type: "succeeded", app: to, release: 0, url: apps.url(to), seconds: 0 });
      return true;
    }
    const reader = (await apps.identityOf(source)).buildAs;
    // A failure is told once the clone is removed again: the client's next command sees it gone.
    let failed: DeployEvent | null = null;
    const hold = (event: DeployEvent) => (event.type === "failed" ? (failed = event) : emit(event));
    const ok = await deploys.rebuild(
      {
        app: clone,
        ...copyOfServingBuild(this.#deps, { app: source, current, reader: () => reader }),
        headline: (release) => ({ type: "rerun", reason: "clone", app: to, release, from: { app: source.name, release: current.number } }),
      },
      hold,
    );
    if (!ok) {
      await this.#deps.addons?.destroyCopies(addons, clone);
      await apps.destroyUnlocked(clone);
      emit({ type: "clone-removed", app: to, source: source.name });
      if (failed) emit(failed);
    }
    return ok;
  }

  /**
   * The source's data, copied as it is now: read as the source's account, written as the
   * clone's (so it is the clone's from the start, and a link in it is copied as a link).
   */
  async #copyData(source: App, clone: App): Promise<void> {
    const { layout, apps } = this.#deps;
    const reader = (await apps.identityOf(source)).buildAs;
    const writer = (await apps.identityOf(clone)).buildAs;
    await appTree.copy({ dir: layout.dataDir(source.name), runAs: reader }, { dir: layout.dataDir(clone.name), runAs: writer });
    // HOME too (ADR 37): what the app keeps in ~/.config or ~/.local is its state as much as its data.
    await appTree.makeDirs(reader, [layout.homeDir(source.name)]);
    await appTree.copy({ dir: layout.homeDir(source.name), runAs: reader }, { dir: layout.homeDir(clone.name), runAs: writer });
  }
}
