import { existsSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { checkAppName, Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { BackupStore } from "../backups/backup-store.ts";
import type { ConfigVarStore } from "../configvars/config-var-store.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import { appTree, removeLeftover, unconfined } from "../host/app-tree.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { AppLock, AppLocks } from "../apps/app-locks.ts";
import type { AppRepos, AppService } from "../apps/app-service.ts";
import type { AppStore } from "../apps/app-store.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import { copyOfServingBuild } from "./source-of-copy.ts";

export interface AppRenameDeps {
  readonly apps: AppService;
  readonly appStore: AppStore;
  readonly releases: ReleaseStore;
  readonly configVars: ConfigVarStore;
  readonly stopped: StoppedProcesses;
  readonly supervisor: Supervisor;
  readonly routes: RouteTable;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  readonly deploys: DeployService;
  readonly repos: AppRepos;
  /** The app's backups are listed under its new name (ADR 47). */
  readonly backups?: Pick<BackupStore, "renameApp">;
}

/** What is done so far, so that a failed rename can be undone step by step. */
interface Progress {
  record: boolean;
  git: boolean;
  logs: boolean;
  root: boolean;
  data: boolean;
  home: boolean;
}

/**
 * `hop3 apps:rename`: the app keeps its id (releases, deploy branch, stopped types), its Unix
 * account, config vars, data and git repository under the new name. Builds hold absolute
 * paths (virtualenv scripts), so the current release is built again, from a copy of its
 * build directory, under the new name; it then takes over through the usual health-checked
 * switch while the old processes keep serving. See docs/adr/0017-rename-and-clone.md.
 */
export class AppRename {
  readonly #deps: AppRenameDeps;

  constructor(deps: AppRenameDeps) {
    this.#deps = deps;
  }

  /** Checks the request and takes both names' locks; the returned function runs the rename. */
  prepare(from: string, to: string): (emit: (event: DeployEvent) => void) => Promise<boolean> {
    const { apps, locks } = this.#deps;
    const app = apps.require(from);
    checkNewName(apps, app.name, to);
    const locksHeld = takeLocks(locks, [app.name, to]);
    return (emit) => this.#run(app, to, emit).finally(() => locksHeld.forEach((lock) => lock.release()));
  }

  async #run(app: App, to: string, emit: (event: DeployEvent) => void): Promise<boolean> {
    const { releases, stopped } = this.#deps;
    const current = releases.current(app.id);
    const stoppedTypes = stopped.typesOf(app.id);
    const done: Progress = { record: false, git: false, logs: false, root: false, data: false, home: false };
    emit({ type: "renaming", app: app.name, to });
    const renamed: App = { ...app, name: to };
    try {
      await this.#move(app, to, done);
    } catch (error) {
      await this.#undo(app, to, done);
      const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `Renaming ${app.name} failed: ${(error as Error).message}`, { cause: error });
      emit({ type: "failed", error: failure.toBody() });
      return false;
    }
    // The client hears the outcome once the old name is retired (or everything is put back), not
    // when the build's switch ends: its next command must see the finished rename.
    let outcome: DeployEvent = { type: "succeeded", app: to, release: 0, url: this.#deps.apps.url(to), seconds: 0 };
    const hold = (event: DeployEvent) => (event.type === "succeeded" || event.type === "failed" ? (outcome = event) : emit(event));
    const ok = current ? await this.#rebuild(app, renamed, current, stoppedTypes, hold) : await this.#routeNew(renamed, emit);
    if (!ok) {
      await this.#undo(app, to, done);
      emit({ type: "rename-undone", app: app.name });
      emit(outcome);
      return false;
    }
    await this.#retireOldName(app, renamed, current, stoppedTypes);
    emit(outcome);
    return true;
  }

  /**
   * The record, vars, git repository and logs take the new name; the data moves, the old path
   * still leads to it. The app's own trees are changed as the app (its account is the same under
   * both names); logs and instance records are root's, in directories no app can write.
   */
  async #move(app: App, to: string, done: Progress): Promise<void> {
    const { appStore, configVars, layout, apps, repos } = this.#deps;
    // No app has the new name: anything under it is a leftover (a failed first push keeps its repository).
    for (const path of [layout.logDir(to), join(layout.runDir, to)]) rmSync(path, { recursive: true, force: true });
    await repos.remove(to);
    configVars.renameApp(app.name, to, () => {
      appStore.rename(app.id, to);
      this.#deps.backups?.renameApp(app.name, to);
    });
    done.record = true;
    done.git = await repos.move(app.name, to);
    done.logs = moveIfPresent(layout.logDir(app.name), layout.logDir(to));
    // An old process restarted during the rebuild (a crash) still finds its log file.
    if (done.logs) symlinkSync(layout.logDir(to), layout.logDir(app.name));
    const identity = await apps.identityOf({ ...app, name: to });
    done.root = true;
    await apps.makeTree(to, identity, { data: false });
    // The running processes still use the old path until they stop: it becomes a link.
    const account = unconfined(identity.runAs);
    await appTree.move(account, layout.dataDir(app.name), layout.dataDir(to));
    done.data = true;
    await appTree.link(account, layout.dataDir(to), layout.dataDir(app.name));
    // HOME (~/.config, ~/.local…) is the app's too (ADR 37): it moves likewise. An app made before
    // HOMEs were writable has none yet: an empty one is made first, so the move always has one.
    await appTree.makeDirs(account, [layout.homeDir(app.name)]);
    await appTree.move(account, layout.homeDir(app.name), layout.homeDir(to));
    done.home = true;
    await appTree.link(account, layout.homeDir(to), layout.homeDir(app.name));
  }

  async #rebuild(app: App, renamed: App, current: Release, stoppedTypes: ReadonlySet<string>, emit: (event: DeployEvent) => void): Promise<boolean> {
    // Read under the old name's sandbox, written under the new one's: the same account.
    const reader = (await this.#deps.apps.identityOf(app)).buildAs;
    return this.#deps.deploys.rebuild(
      {
        app: renamed,
        ...copyOfServingBuild(this.#deps, { app, current, reader: () => reader }),
        headline: (release) => ({ type: "rerun", reason: "rename", app: renamed.name, release, from: { app: app.name, release: current.number } }),
        skipTypes: stoppedTypes,
      },
      emit,
    );
  }

  async #routeNew(renamed: App, emit: (event: DeployEvent) => void): Promise<boolean> {
    await this.#deps.routes.set(renamed.name, { kind: "undeployed" });
    emit({ type: "nothing-to-build", app: renamed.name });
    return true;
  }

  /** After the switch: the old hostname stops answering, the old processes and files go. */
  async #retireOldName(app: App, renamed: App, current: Release | null, stoppedTypes: ReadonlySet<string>): Promise<void> {
    const { routes, supervisor, layout, stopped } = this.#deps;
    await routes.remove(app.name);
    await supervisor.stopApp(app.name);
    rmSync(join(layout.runDir, app.name), { recursive: true, force: true });
    // The old root is the renamed app's own tree: emptied as its account, best effort.
    await removeLeftover(layout.appRoot(app.name)).catch(() => undefined);
    rmSync(layout.logDir(app.name), { force: true });
    // The new release cleared the stopped types; they stay stopped across a rename.
    if (current && stoppedTypes.size > 0) {
      stopped.add(renamed.id, [...stoppedTypes]);
      const types = Object.keys(current.processes);
      if (stoppedTypes.has("web") || types.every((type) => stoppedTypes.has(type))) await routes.set(renamed.name, { kind: "stopped" });
    }
  }

  /** Puts back whatever #move did, newest first. */
  async #undo(app: App, to: string, done: Progress): Promise<void> {
    const { appStore, configVars, layout, routes, apps, repos } = this.#deps;
    if (done.home) {
      const account = unconfined((await apps.identityOf(app)).runAs);
      await appTree.remove(account, [layout.homeDir(app.name)]);
      await appTree.move(account, layout.homeDir(to), layout.homeDir(app.name));
    }
    if (done.data) {
      const account = unconfined((await apps.identityOf(app)).runAs);
      await appTree.remove(account, [layout.dataDir(app.name)]);
      await appTree.move(account, layout.dataDir(to), layout.dataDir(app.name));
    }
    if (done.root) await removeLeftover(layout.appRoot(to));
    if (done.logs) {
      rmSync(layout.logDir(app.name), { force: true });
      moveIfPresent(layout.logDir(to), layout.logDir(app.name));
    }
    if (done.git) await repos.move(to, app.name);
    if (done.record) {
      configVars.renameApp(to, app.name, () => {
        appStore.rename(app.id, app.name);
        this.#deps.backups?.renameApp(to, app.name);
      });
    }
    await routes.remove(to);
  }
}

/** The same rules as apps:create, and the name must be free. */
export function checkNewName(apps: Pick<AppService, "find">, from: string, to: string): void {
  checkAppName(to);
  if (to === from) throw new Hop3Error("APP_EXISTS", `App "${from}" is already called "${to}".`);
  if (apps.find(to)) throw new Hop3Error("APP_EXISTS", `App "${to}" already exists.`, { hint: "Choose another name, or destroy that app first." });
}

/** Takes every lock at once or none: fails with DEPLOY_IN_PROGRESS when one is busy. */
export function takeLocks(locks: AppLocks, names: readonly string[]): AppLock[] {
  const held: AppLock[] = [];
  try {
    for (const name of names) held.push(locks.acquire(name));
    return held;
  } catch (error) {
    held.forEach((lock) => lock.release());
    throw error;
  }
}

function moveIfPresent(from: string, to: string): boolean {
  if (!existsSync(from)) return false;
  renameSync(from, to);
  return true;
}
