import { rmSync } from "node:fs";
import { join } from "node:path";
import { checkAppName, Hop3Error, type AppInfo, type AppStatus, type AppSummary, type Instance } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { AppIdentities, AppIdentity } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { Release } from "../core/release.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import { appUserName } from "../host/unix-app-identities.ts";
import { appTree, createAppRoot, removeLeftover } from "../host/app-tree.ts";
import type { AppLocks } from "./app-locks.ts";
import type { AppStore } from "./app-store.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { StoppedProcesses } from "./stopped-processes.ts";

export interface AppServiceDeps {
  readonly apps: AppStore;
  /** Which release of an app serves: the release store, named by an interface since releases/ sits above apps/. */
  readonly releases: CurrentReleases;
  readonly identities: AppIdentities;
  readonly supervisor: Supervisor;
  readonly routes: RouteTable;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  /** Public port of the proxy, shown in app URLs. */
  readonly httpPort: number;
  /** Set when apps are served over HTTPS (`tls` is not `off`): their URLs are https://. */
  readonly httpsPort?: number | undefined;
  /** Process types stopped on purpose (`hop3 ps:stop`), listed as stopped instances. */
  readonly stopped?: StoppedProcesses | undefined;
  /** The scheduler, whose runs in progress a destroyed app's go with it. */
  readonly cron?: { stopApp(app: string): void } | undefined;
  /** The apps' git repositories, which belong to the SSH account. */
  readonly repos?: AppRepos | undefined;
  /**
   * Detaches the app's addons before its account goes (ADR 43): a later app of the same name
   * gets the same account name, and must not inherit the old roles.
   */
  readonly addons?: { forgetApp(app: App): Promise<void> } | undefined;
}

/** What AppService reads of releases: which one serves. */
export interface CurrentReleases {
  current(appId: number): Release | null;
}

/** What the app services do with the apps' bare git repositories (as the account that owns them). */
export interface AppRepos {
  remove(app: string): Promise<void>;
  /** Renames an app's repository; false when it has none. */
  move(from: string, to: string): Promise<boolean>;
}

/** Creating, describing and destroying apps. */
export class AppService {
  readonly #deps: AppServiceDeps;

  constructor(deps: AppServiceDeps) {
    this.#deps = deps;
  }

  require(name: string): App {
    const app = this.#deps.apps.find(name);
    if (!app) throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
    return app;
  }

  find(name: string): App | null {
    return this.#deps.apps.find(name);
  }

  list(): AppSummary[] {
    return this.#deps.apps.list().map((app) => this.#summary(app));
  }

  info(name: string): AppInfo {
    const app = this.require(name);
    const release = this.#deps.releases.current(app.id);
    return {
      ...this.#summary(app),
      unixUser: app.unixUser,
      processTypes: { ...(release?.processes ?? {}) },
      instances: [...this.#deps.supervisor.describe(app.name), ...this.#stoppedInstances(app, release?.processes ?? {}, release?.number ?? 0)],
      deployedAt: release?.finishedAt ?? null,
    };
  }

  url(name: string): string {
    const { httpPort, httpsPort } = this.#deps;
    if (httpsPort !== undefined) return `https://${this.#deps.routes.hostOf(name)}${httpsPort === 443 ? "" : `:${httpsPort}`}/`;
    return `http://${this.#deps.routes.hostOf(name)}${httpPort === 80 ? "" : `:${httpPort}`}/`;
  }

  /** Creates the app: its Unix account, its directories, its record and its route (a "no release yet" page until the first deploy). */
  async create(name: string): Promise<App> {
    checkAppName(name);
    if (this.#deps.apps.find(name)) throw new Hop3Error("APP_EXISTS", `App "${name}" already exists.`);
    const { layout, identities } = this.#deps;
    const user = this.#freeUserName(name);
    const identity = await identities.ensure(user, layout.appRoot(name));
    try {
      await this.makeTree(name, identity);
      const app = this.#deps.apps.insert(name, user);
      await this.#deps.routes.set(name, { kind: "undeployed" });
      return app;
    } catch (error) {
      const inserted = this.#deps.apps.find(name);
      if (inserted) this.#deps.apps.delete(inserted.id);
      await identities.remove(user);
      await removeLeftover(layout.appRoot(name));
      throw error;
    }
  }

  /** Stops the app's processes, removes its route, files, account and record. */
  async destroy(name: string): Promise<void> {
    const app = this.require(name);
    const lock = this.#deps.locks.acquire(name);
    try {
      await this.destroyUnlocked(app);
      // Its git repository goes too (not on a failed first deploy: that push's hook is running in it).
      await this.#deps.repos?.remove(name);
    } finally {
      lock.release();
    }
  }

  /** Destroy for a caller that already holds the app's lock (a failed first deploy). */
  async destroyUnlocked(app: App): Promise<void> {
    const { layout } = this.#deps;
    await this.#deps.supervisor.stopApp(app.name);
    this.#deps.cron?.stopApp(app.name);
    await this.#deps.routes.remove(app.name);
    await this.#deps.addons?.forgetApp(app);
    // The app's files go as the app (it may have planted links among them); whatever it left
    // that its user could not delete goes once its account, and every process of it, is gone.
    const identity = await this.identityOf(app);
    await appTree.empty(identity.buildAs, layout.appRoot(app.name)).catch(() => undefined);
    // Logs and instance records are root's own, in directories no app can write.
    rmSync(layout.logDir(app.name), { recursive: true, force: true });
    rmSync(join(layout.runDir, app.name), { recursive: true, force: true });
    await this.#deps.identities.remove(app.unixUser);
    await removeLeftover(layout.appRoot(app.name));
    this.#deps.apps.delete(app.id);
  }

  /**
   * Makes an app's directories: its root by root, before the app owns anything in it (a
   * leftover at that path is removed first, as its owner), then the rest as the app. A rename
   * moves the data directory and HOME instead of making them.
   */
  async makeTree(name: string, identity: AppIdentity, options: { data: boolean } = { data: true }): Promise<void> {
    const { layout } = this.#deps;
    await removeLeftover(layout.appRoot(name));
    await createAppRoot(layout.appRoot(name), identity.runAs);
    const dirs = [layout.releasesDir(name), layout.cacheDir(name)];
    await appTree.makeDirs(identity.buildAs, options.data ? [...dirs, layout.homeDir(name), layout.dataDir(name)] : dirs);
  }

  identityOf(app: App): Promise<AppIdentity> {
    return this.#deps.identities.ensure(app.unixUser, this.#deps.layout.appRoot(app.name));
  }

  /** The app's account name, skipping names kept by renamed apps (a renamed app keeps its account). */
  #freeUserName(name: string): string {
    const taken = new Set(this.#deps.apps.list().map((app) => app.unixUser));
    let attempt = 0;
    while (taken.has(appUserName(this.#deps.layout.home, name, attempt))) attempt += 1;
    return appUserName(this.#deps.layout.home, name, attempt);
  }

  #stoppedInstances(app: App, processes: Readonly<Record<string, string>>, release: number): Instance[] {
    const running = new Set(this.#deps.supervisor.unitsOf(app.name).map((unit) => unit.spec.type));
    return [...(this.#deps.stopped?.typesOf(app.id) ?? [])]
      .filter((type) => type in processes && !running.has(type))
      .map((type) => ({ type, index: 1, state: "stopped", pid: null, port: null, startedAt: null, uptimeSeconds: 0, restarts: 0, release }));
  }

  #summary(app: App): AppSummary {
    const release = this.#deps.releases.current(app.id);
    return {
      name: app.name,
      status: this.#status(app, release?.staticRoot ?? null, release?.number ?? null),
      url: this.url(app.name),
      release: release?.number ?? null,
      builder: release?.builder ?? null,
      createdAt: app.createdAt,
    };
  }

  #status(app: App, staticRoot: string | null, release: number | null): AppStatus {
    if (release === null) return "new";
    if (staticRoot) return "static";
    // The previous release's instances, still draining after a switch, say nothing of the app's health.
    const ofRelease = this.#deps.supervisor.unitsOf(app.name, release);
    const units = ofRelease.length > 0 ? ofRelease : this.#deps.supervisor.unitsOf(app.name);
    const running = units.filter((unit) => unit.state === "running").length;
    if (units.length > 0 && running === units.length) return "running";
    return running > 0 ? "degraded" : "down";
  }
}
