import type { Readable } from "node:stream";
import { checkAppName, Hop3Error, type DeployEvent, type HostCheck } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { DeclaredAddon, FixedPort } from "../core/app-config.ts";
import type { AppIdentity } from "../core/app-identity.ts";
import type { Release, ReleaseSource } from "../core/release.ts";
import type { ConfigVarSource } from "../core/config-vars.ts";
import type { GeneratedSecretSpec } from "../core/generated-secret.ts";
import type { ConfigVarStore } from "../configvars/config-var-store.ts";
import { keepGeneratedSecrets, type KeptSecrets } from "../configvars/keep-generated-secrets.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { AppService } from "../apps/app-service.ts";
import { appTree } from "../host/app-tree.ts";
import { extractUpload, type UploadCaps } from "./extract-upload.ts";
import { buildRelease, type BuildLimits } from "./build-release.ts";
import { recordSbom, type SbomRecording } from "./record-sbom.ts";
import { capOutput, type OutputLimit } from "../releases/output-cap.ts";
import { recordOutput } from "../releases/release-output.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import { runAppCommands } from "../releases/run-app-commands.ts";
import type { RunContexts } from "../releases/run-context.ts";
import { failRelease, serveRelease, type ServeReleaseDeps } from "../releases/serve-release.ts";

/** What a deploy needs of the app service: finding, creating and removing apps, their accounts and URLs. */
export type DeployApps = Pick<AppService, "require" | "find" | "create" | "identityOf" | "destroyUnlocked" | "url">;

/**
 * What a deploy does to the world besides its deps: the app's tree (as the app), unpacking the
 * upload, the build, the SBOM, the kept output and release-phase commands. The real ones
 * unless a unit test gives its fakes (deploy-service.test.ts: no process, socket or sleep).
 */
export interface DeployEffects {
  readonly tree: Pick<typeof appTree, "makeFreshDir" | "remove">;
  readonly extractUpload: typeof extractUpload;
  readonly buildRelease: typeof buildRelease;
  readonly recordSbom: typeof recordSbom;
  readonly recordOutput: typeof recordOutput;
  readonly runAppCommands: typeof runAppCommands;
}

const realEffects: DeployEffects = { tree: appTree, extractUpload, buildRelease, recordSbom, recordOutput, runAppCommands };

export interface DeployServiceDeps {
  readonly apps: DeployApps;
  /** Makes and attaches the addons an app's hop3.toml declares (ADR 42), under the deploy's lock. */
  readonly addons?: { provision(app: App, declared: readonly DeclaredAddon[], emit: (event: DeployEvent) => void): Promise<void> } | undefined;
  readonly releases: ReleaseStore;
  readonly contexts: Pick<RunContexts, "of" | "bindingVars" | "addressVars">;
  readonly serving: ServeReleaseDeps;
  readonly locks: AppLocks;
  readonly layout: StateLayout;
  /** The config vars the build sees; the processes get theirs from the run context. */
  readonly configVars: ConfigVarSource;
  /** Where the app's generated secrets are kept (ADR 38). */
  readonly secrets?: Pick<ConfigVarStore, "secretsOf" | "addSecrets"> | undefined;
  readonly settings: { readonly appPath: string; readonly commandTimeoutMs: number; readonly outputLimit: OutputLimit; readonly uploadCaps: UploadCaps };
  readonly buildLimits: BuildLimits;
  readonly sbom: SbomRecording;
  /** hop3.toml `[domains]`: checked before the build, added once the release serves. */
  readonly domains?: DeclaredDomains | undefined;
  readonly effects?: Partial<DeployEffects> | undefined;
  /** hop3.toml `[[ports]]`: checked before the build; the firewall follows once the release serves. */
  readonly ports?: { check(app: App, ports: readonly FixedPort[]): Promise<void>; changed(): Promise<void> } | undefined;
}

/** hop3.toml `[domains]` (operations/domain-service.ts implements it). */
export interface DeclaredDomains {
  /** Throws DOMAIN_INVALID / DOMAIN_TAKEN; returns the hostnames normalized. */
  checkDeclared(app: string, hosts: readonly string[]): string[];
  /** Adds those the app has not got yet; returns them. */
  addDeclared(app: string, hosts: readonly string[]): Promise<string[]>;
  /** Whether each of the app's hostnames can pass the CA's challenge (ADR 65); nothing when no CA is asked. */
  checkServed?(app: string): Promise<HostCheck[]>;
}

// The checks only inform: a deploy that served waits this long for them at most.
const hostChecksWaitMs = 5_000;

interface ReadyDeploy {
  readonly app: App;
  readonly identity: AppIdentity;
  readonly release: Release;
  readonly dir: string;
  /** What the upload held; absent for a rebuild, which opens with `headline` instead. */
  readonly received?: { readonly files: number; readonly bytes: number; readonly skipped: readonly string[] };
  readonly headline?: DeployEvent;
  /** Process types built but not started (they were stopped on purpose with `hop3 ps:stop`). */
  readonly skipTypes?: ReadonlySet<string>;
}

/** A new release built from a copy of an existing build directory (apps:rename, apps:clone). */
export interface RebuildRequest {
  readonly app: App;
  /** Called with the new release's (empty) directory and the app's identity: fills it with the source to build. */
  readonly fill: (dir: string, identity: AppIdentity) => Promise<void>;
  readonly source: ReleaseSource;
  /** The event that opens the new release's output (a `rerun`). */
  readonly headline: (release: number) => DeployEvent;
  readonly skipTypes?: ReadonlySet<string>;
}

export interface DeployRequest {
  readonly app: string;
  /** Create the app when it does not exist; it is removed again if this first deploy fails. */
  readonly create: boolean;
  readonly upload: Readable;
  /** Where the uploaded code comes from (a git push names its commit). */
  readonly source?: ReleaseSource | undefined;
  /** How long to wait for a deploy of the same app in progress; 0 refuses at once. */
  readonly lockWaitMs?: number | undefined;
  /** Called when this deploy starts waiting for another one. */
  readonly onWait?: (() => void) | undefined;
}

/** A deploy whose upload was received, ready to build and switch. */
export interface PreparedDeploy {
  /** Builds, starts, health-checks and switches; emits progress; never throws. */
  run(emit: (event: DeployEvent) => void): Promise<boolean>;
  /** Gives up before `run` (e.g. the client went away). */
  abandon(): Promise<void>;
}

/**
 * The deploy pipeline: receive → config → detect → build → release phase → start → health →
 * route → postdeploy → drain → cleanup. Any failure leaves the previous release serving.
 */
export class DeployService {
  readonly #deps: DeployServiceDeps;
  readonly #effects: DeployEffects;

  constructor(deps: DeployServiceDeps) {
    this.#deps = deps;
    this.#effects = { ...realEffects, ...deps.effects };
  }

  /**
   * Validates the request, takes the app's lock and unpacks the upload. Errors here are
   * ordinary request errors (bad name, unknown app, busy app, bad archive).
   */
  async prepare(request: DeployRequest): Promise<PreparedDeploy> {
    const { apps, locks, releases, layout } = this.#deps;
    if (!request.create) apps.require(request.app);
    else checkAppName(request.app);
    const lock = await locks.acquireWaiting(request.app, { waitMs: request.lockWaitMs ?? 0, onWait: request.onWait });
    // Looked up under the lock: a deploy we waited for may have created or destroyed the app.
    let app = apps.find(request.app);
    if (!app && !request.create) {
      lock.release();
      throw new Hop3Error("APP_NOT_FOUND", `App "${request.app}" does not exist.`);
    }
    const createdHere = !app;
    let release: Release | null = null;
    let identity: AppIdentity | null = null;
    const undo = async () => {
      try {
        if (release) {
          releases.finish(release.id, { status: "failed", error: "deploy abandoned" });
          if (identity) await this.#removeQuietly(identity, layout.releaseDir(request.app, release.number));
        }
        if (createdHere && app) await apps.destroyUnlocked(app);
      } finally {
        lock.release();
      }
    };
    try {
      app ??= await apps.create(request.app);
      release = releases.begin(app.id, request.source);
      identity = await apps.identityOf(app);
      const dir = layout.releaseDir(app.name, release.number);
      // Made as the app: whatever the app left at that path (a link anywhere) is its own business.
      await this.#effects.tree.makeFreshDir(identity.buildAs, dir);
      const received = await this.#effects.extractUpload(request.upload, dir, { runAs: identity.buildAs, caps: this.#deps.settings.uploadCaps });
      const ready = { app, identity, release, dir, received };
      return {
        run: (emit) => this.#run(ready, emit, createdHere).finally(() => lock.release()),
        abandon: undo,
      };
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /**
   * Builds and switches a new release of an app whose lock the caller holds, from a source
   * directory `fill` provides instead of an upload. Emits progress; never throws.
   */
  async rebuild(request: RebuildRequest, emit: (event: DeployEvent) => void): Promise<boolean> {
    const { releases, layout, apps } = this.#deps;
    const release = releases.begin(request.app.id, request.source);
    const dir = layout.releaseDir(request.app.name, release.number);
    const identity = await apps.identityOf(request.app);
    try {
      await this.#effects.tree.makeFreshDir(identity.buildAs, dir);
      await request.fill(dir, identity);
      return await this.#run({ app: request.app, identity, release, dir, headline: request.headline(release.number), skipTypes: request.skipTypes }, emit, false);
    } catch (error) {
      const failure = failRelease(releases, release, error, `Preparing release ${release.number} failed`);
      await this.#removeQuietly(identity, dir);
      emit({ type: "failed", error: failure.toBody() });
      return false;
    }
  }

  async #run(deploy: ReadyDeploy, emitToClient: (event: DeployEvent) => void, createdHere: boolean): Promise<boolean> {
    const { app, identity, release, dir, received } = deploy;
    const { releases, layout, settings } = this.#deps;
    const record = this.#effects.recordOutput(layout, app.name, release.number);
    const emit = capOutput((event) => {
      record(event);
      emitToClient(event);
    }, settings.outputLimit);
    const started = Date.now();
    // The ports the serving release holds: when the new one drops them all, the firewall closes them too.
    const previousPorts = releases.current(app.id)?.settings.ports;
    if (received) emit({ type: "received", app: app.name, release: release.number, files: received.files, bytes: received.bytes });
    else if (deploy.headline) emit(deploy.headline);
    for (const path of received?.skipped ?? []) emit({ type: "skipped-file", path });
    const unexpected = "Deploy failed unexpectedly";
    let failure: Hop3Error;
    try {
      const built = await this.#effects.buildRelease({ app: app.name, dir, identity, layout, appPath: settings.appPath, release: release.number, configVars: this.#deps.configVars.varsOf(app.name), addonVars: async (declared, references) => {
        if (declared.length > 0) await this.#deps.addons?.provision(app, declared, emit);
        return this.#deps.contexts.bindingVars(app.name, references);
      }, addressVars: this.#deps.contexts.addressVars(app.name), keepSecrets: (specs) => this.#keepSecrets(app.name, specs), checkDomains: (hosts) => (received && this.#deps.domains ? this.#deps.domains.checkDeclared(app.name, hosts) : []), checkPorts: (ports) => this.#deps.ports?.check(app, ports) ?? Promise.resolve(), emit, limits: this.#deps.buildLimits });
      // Before the release phase: the SBOM lists what the builder installed.
      await this.#effects.recordSbom(this.#deps.sbom, { app: app.name, release, dir, built, emit });
      // Config vars win over the files' defaults; the release row keeps only the latter.
      const context = await this.#deps.contexts.of(app, { number: release.number, buildOf: release.number, env: built.env, processes: built.processes, settings: built.settings }, identity);
      if (built.releaseCommands.length > 0) {
        emit({ type: "release-phase", commands: built.releaseCommands.length });
        await this.#effects.runAppCommands({
          commands: built.releaseCommands,
          label: "release command",
          cwd: context.cwd,
          env: context.env,
          runAs: context.runAs,
          timeoutMs: settings.commandTimeoutMs,
          errorCode: "RELEASE_PHASE_FAILED",
          onLine: (line) => emit({ type: "log", source: "build", stream: "stdout", line }),
        });
      }
      const startedTypes = Object.fromEntries(Object.entries(built.processes).filter(([type]) => !deploy.skipTypes?.has(type)));
      const served = { builder: built.builder, processes: built.processes, env: built.env, staticRoot: built.staticRoot, settings: built.settings };
      const outcome = await serveRelease(this.#deps.serving, { app, release, context, processes: startedTypes, record: served, unexpected }, emit);
      if (outcome.ok) {
        await this.#addDomains(app.name, built.domains, emit);
        await this.#checkHosts(app.name, emit);
        if ((built.settings.ports ?? []).length > 0 || (previousPorts ?? []).length > 0) await this.#portsChanged(emit);
        emit({ type: "succeeded", app: app.name, release: release.number, url: this.#deps.apps.url(app.name), seconds: round((Date.now() - started) / 1000) });
        return true;
      }
      failure = outcome.error;
    } catch (error) {
      failure = failRelease(releases, release, error, unexpected);
    }
    try {
      await this.#removeQuietly(identity, dir);
      // An app this deploy created goes before the client hears of the failure: by then,
      // nothing of it is left behind.
      if (createdHere) await this.#deps.apps.destroyUnlocked(app);
    } finally {
      emit({ type: "failed", error: failure.toBody() });
    }
    return false;
  }

  // Only deploys of new code add them (checkDomains above): a rebuild for apps:clone must not
  // claim the original's domains, and apps:rename keeps the app's own.
  // After the switch a failure here cannot undo the deploy: it is a notice (another app took the name meanwhile).
  async #addDomains(app: string, hosts: readonly string[], emit: (event: DeployEvent) => void): Promise<void> {
    if (hosts.length === 0 || this.#deps.domains === undefined) return;
    try {
      const added = await this.#deps.domains.addDeclared(app, hosts);
      if (added.length > 0) emit({ type: "domains-added", hosts: added });
    } catch (error) {
      const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `Adding hop3.toml [domains] failed: ${(error as Error).message}`, { cause: error });
      emit({ type: "domains-not-added", error: failure.toBody() });
    }
  }

  /** Says, once the release serves, whether the CA will find each hostname; a check that fails or is slow changes nothing. */
  async #checkHosts(app: string, emit: (event: DeployEvent) => void): Promise<void> {
    const checking = this.#deps.domains?.checkServed?.(app);
    if (checking === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HostCheck[]>((resolve) => (timer = setTimeout(() => resolve([]), hostChecksWaitMs)));
    const checks = await Promise.race([checking.catch(() => []), late]).finally(() => clearTimeout(timer));
    for (const check of checks) emit({ type: "domain-checked", check });
  }

  /** Removes a failed release's directory as the app; a failure to do so must not hide the deploy's own error. */
  async #removeQuietly(identity: AppIdentity, dir: string): Promise<void> {
    await this.#effects.tree.remove(identity.buildAs, [dir]).catch(() => undefined);
  }

  /** Hop3's firewall opens the fixed ports of current releases: after the switch it follows. A failure is a notice. */
  async #portsChanged(emit: (event: DeployEvent) => void): Promise<void> {
    try {
      await this.#deps.ports?.changed();
    } catch (error) {
      emit({ type: "config-notice", notice: { code: "firewall-not-updated", file: "hop3.toml", error: (error as Error).message } });
    }
  }

  #keepSecrets(app: string, specs: readonly GeneratedSecretSpec[]): KeptSecrets {
    const store = this.#deps.secrets;
    if (store === undefined || specs.length === 0) return { values: {}, created: [] };
    return keepGeneratedSecrets(store, app, specs);
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
