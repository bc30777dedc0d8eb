import { basename, join } from "node:path";
import type { AppLimits, TmpfsVolume } from "../core/app-config.ts";
import type { AppIdentities, AppIdentity, RunAs } from "../core/app-identity.ts";
import type { Confinement, ResourceLimits } from "../core/confinement.ts";
import type { StateLayout } from "../config/state-layout.ts";

/** The server's sandbox settings, resolved at start (ADR 19). */
export interface SandboxPolicy {
  /** False when the host cannot run bubblewrap (or `sandbox = "off"`): apps run with their user's rights only. */
  readonly enabled: boolean;
  /** Limits of each build. */
  readonly build: ResourceLimits;
  /** Limits of each app process, before the release's own `[limits]`. */
  readonly run: ResourceLimits;
  /** Where the build memory limit comes from, named when a build runs out of it. */
  readonly buildMemorySource: string;
  readonly runMemorySource: string;
}

/**
 * What each app may see and touch, and with which limits. Builds may write the app's whole
 * directory (releases, dependency cache, data); app processes write their releases and data
 * directory and their HOME, and only read the cache. Hop3's state root, /root and /home are hidden from both.
 */
export class AppSandbox {
  readonly #layout: StateLayout;
  readonly #policy: SandboxPolicy;

  constructor(layout: StateLayout, policy: SandboxPolicy) {
    this.#layout = layout;
    this.#policy = policy;
  }

  get enabled(): boolean {
    return this.#policy.enabled;
  }

  /** The identity with the app's run and build confinements attached. */
  confine(app: string, identity: AppIdentity): AppIdentity {
    const { runAs } = identity;
    if (!this.#policy.enabled || runAs === undefined) return { ...identity, buildAs: runAs };
    const layout = this.#layout;
    const hidden = [layout.home, "/root", "/home"];
    const run: Confinement = {
      writable: [layout.releasesDir(app), layout.dataDir(app), layout.homeDir(app)],
      // The addon engines' sockets: reaching one is not being let in (ADR 43).
      readable: [layout.cacheDir(app), layout.addonSocketsDir],
      hidden,
      limits: this.#policy.run,
      limitSources: { memory: this.#policy.runMemorySource },
      group: `${identity.user}/run`,
    };
    const build: Confinement = {
      writable: [layout.appRoot(app)],
      readable: [layout.addonSocketsDir],
      hidden,
      limits: this.#policy.build,
      limitSources: { memory: this.#policy.buildMemorySource },
      group: `${identity.user}/build`,
    };
    return { ...identity, runAs: { ...runAs, confinement: run }, buildAs: { ...runAs, confinement: build } };
  }
}

/** The release's own `[limits]` over the server's defaults, for its processes. */
export function withAppLimits(runAs: RunAs | undefined, limits: AppLimits | undefined): RunAs | undefined {
  const confinement = runAs?.confinement;
  if (runAs === undefined || confinement === undefined || limits === undefined) return runAs;
  const memory = limits.memoryBytes ?? confinement.limits.memoryBytes;
  return {
    ...runAs,
    confinement: {
      ...confinement,
      limits: { ...confinement.limits, memoryBytes: memory, cpus: limits.cpus ?? confinement.limits.cpus, maxProcesses: limits.maxProcesses ?? confinement.limits.maxProcesses },
      limitSources: { memory: limits.memoryBytes !== null ? "hop3.toml [limits] memory" : confinement.limitSources.memory },
    },
  };
}

/** The release's tmpfs volumes, mounted at their targets in its build directory (no sandbox, no mount: the directory is used as is). */
export function withTmpfs(runAs: RunAs | undefined, releaseDir: string, volumes: readonly TmpfsVolume[]): RunAs | undefined {
  const confinement = runAs?.confinement;
  if (runAs === undefined || confinement === undefined || volumes.length === 0) return runAs;
  const tmpfs = volumes.map((volume) => ({ path: join(releaseDir, volume.target), sizeBytes: volume.sizeBytes }));
  return { ...runAs, confinement: { ...confinement, tmpfs } };
}

/** App accounts whose identities carry the sandbox: every caller gets confined `runAs` and `buildAs`. */
export class SandboxedIdentities implements AppIdentities {
  readonly #inner: AppIdentities;
  readonly #sandbox: AppSandbox;
  readonly #layout: StateLayout;

  constructor(inner: AppIdentities, sandbox: AppSandbox, layout: StateLayout) {
    this.#inner = inner;
    this.#sandbox = sandbox;
    this.#layout = layout;
  }

  async ensure(user: string, home: string): Promise<AppIdentity> {
    const identity = await this.#inner.ensure(user, home);
    // Every app's home is its root directory under the layout's apps/.
    const app = basename(home);
    return this.#layout.appRoot(app) === home ? this.#sandbox.confine(app, identity) : identity;
  }

  remove(user: string): Promise<void> {
    return this.#inner.remove(user);
  }

}
