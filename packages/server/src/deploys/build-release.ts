import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { AppIdentity } from "../core/app-identity.ts";
import type { ReleaseSettings } from "../core/release.ts";
import type { AddonReference, DeclaredAddon, FixedPort } from "../core/app-config.ts";
import { withConfigVars, type ConfigVarMap } from "../core/config-vars.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { loadAppConfig } from "../appconfig/index.ts";
import type { BuildContext, BuildResult, Builder, BuiltRuntime } from "../build/builder.ts";
import { runBuildHooks } from "../build/run-build-hooks.ts";
import { startCommandHints } from "../build/start-command-hints.ts";
import { goCacheEnv } from "../build/tool-caches.ts";
import type { KeptSecrets } from "../configvars/keep-generated-secrets.ts";
import type { AppReference, GeneratedSecretSpec } from "../core/generated-secret.ts";
import { linkVolumes, prepareTmpfsVolumes } from "./link-volumes.ts";
import { appTree } from "../host/app-tree.ts";
import { buildTimeLimit, startDeadline, type BuildTimeout } from "./build-deadline.ts";
import type { BuildSlots } from "./build-slots.ts";

/** The server's limits on builds: how many run at once, and for how long. */
export interface BuildLimits {
  readonly slots: BuildSlots;
  /** Named in the waiting line, e.g. `build-slots (HOP3_BUILD_SLOTS)`. */
  readonly slotsSetting: string;
  readonly timeout: BuildTimeout;
}

export interface BuildReleaseOptions {
  readonly app: string;
  readonly release: number;
  /** The unpacked upload, built in place. */
  readonly dir: string;
  readonly identity: AppIdentity;
  readonly layout: StateLayout;
  readonly appPath: string;
  /** The app's config vars: they override the files' environment during the build. */
  readonly configVars: ConfigVarMap;
  /**
   * Makes and attaches the addons the app's files declare, then gives the variables of every
   * addon attached to it: a build step may query its database (ADR 43).
   */
  readonly addonVars?: (declared: readonly DeclaredAddon[], references: Readonly<Record<string, AddonReference>>) => Promise<ConfigVarMap>;
  /** HOP3_HOSTNAME and HOP3_URL: builds that write absolute links need them too. */
  readonly addressVars?: Readonly<Record<string, string>>;
  /** Makes the app's generated secrets that do not exist yet and gives all it asks for (ADR 38). */
  readonly keepSecrets?: (specs: readonly GeneratedSecretSpec[]) => KeptSecrets;
  /** Checks hop3.toml's `[domains] list` (throws DOMAIN_INVALID/DOMAIN_TAKEN); returns it normalized. */
  readonly checkDomains?: (hosts: readonly string[]) => string[];
  /** Checks hop3.toml's `[[ports]]` (throws PORT_TAKEN). */
  readonly checkPorts?: (ports: readonly FixedPort[]) => Promise<void>;
  readonly emit: (event: DeployEvent) => void;
  readonly limits: BuildLimits;
  readonly signal?: AbortSignal;
}

/** What a built release runs. */
export interface BuiltRelease {
  readonly builder: string;
  readonly processes: Readonly<Record<string, string>>;
  /** The files' and builder's environment, without the config vars (added at each start). */
  readonly env: Readonly<Record<string, string>>;
  readonly staticRoot: string | null;
  /** The release phase: commands run once before the switch (migrations). */
  readonly releaseCommands: readonly string[];
  readonly settings: ReleaseSettings;
  /** The language runtime the builder used (for the SBOM), when it names one. */
  readonly runtime: BuiltRuntime | null;
  /** hop3.toml `[domains] list`, checked (normalized): added to the app once the release serves. */
  readonly domains: readonly string[];
}

/**
 * Reads the app's configuration, picks its builder and builds it as the app's user, in one of
 * the server's build slots (waiting for one when all are taken) and within its time limit.
 */
export async function buildRelease(options: BuildReleaseOptions): Promise<BuiltRelease> {
  const { app, dir, identity, layout, emit } = options;
  const config = await loadAppConfig(dir);
  emit({ type: "config-read", files: [...config.files] });
  for (const notice of config.notices) emit({ type: "config-notice", notice });
  // Before the build: a domain another app has stops the deploy at once.
  const domains = config.domains.length > 0 ? (options.checkDomains?.(config.domains) ?? [...config.domains]) : [];
  // And a fixed port another app or program holds.
  if ((config.ports ?? []).length > 0) await options.checkPorts?.(config.ports ?? []);

  // The builders are loaded by the first build, not at the daemon's start (docs/adr/0030-daemon-footprint.md).
  const { selectBuilder } = await import("../build/registry.ts");
  const builder = await selectBuilder(dir, config);
  emit({ type: "builder", builder: builder.name, chosenBy: config.toolchain ? "hop3.toml" : "detection" });

  const baseEnv = {
    PATH: options.appPath,
    HOME: layout.homeDir(app),
    LANG: "C.UTF-8",
    // Where web processes should listen: loopback, the proxy is the way in (ADR 24). An app
    // may set it otherwise; the network guard still keeps its port from the outside.
    HOST: "127.0.0.1",
    ...config.env,
    HOP3_APP: app,
    HOP3_RELEASE: String(options.release),
    HOP3_DATA_DIR: layout.dataDir(app),
    ...options.addressVars,
    ...appReferenceValues(config.references, app, options.addressVars ?? {}),
  };
  const addonVars = (await options.addonVars?.(config.addons ?? [], config.addonReferences ?? {})) ?? {};
  // Generated secrets reach the build's environment, never the release row (like config vars).
  const secrets = options.keepSecrets?.(config.secrets) ?? { values: {}, created: [] };
  for (const spec of secrets.created) {
    const shown = spec.display ? `: ${secrets.values[spec.name] ?? ""}` : " (its value is not shown; it is kept across deploys and rollbacks)";
    emit({ type: "log", source: "build", stream: "stdout", line: `-----> Generated ${spec.name}${shown}` });
  }
  // Apps made before HOME was their own directory get it now, as the app (ADR 37).
  await appTree.makeDirs(identity.buildAs ?? identity.runAs, [layout.homeDir(app)]);
  const context: BuildContext = {
    app,
    appDir: dir,
    cacheDir: layout.cacheDir(app),
    config,
    // Builders derive PATH from this one: keep it the server's, so a PATH config var never
    // ends up in the release row (the var still wins at run time).
    // Tools' caches go to the app's cache whichever builder runs them (`go build` in a hook).
    env: withToolCaches(layout.cacheDir(app), { ...withConfigVars({ ...baseEnv, ...secrets.values, ...addonVars }, options.configVars), PATH: baseEnv.PATH }),
    runAs: identity.buildAs ?? identity.runAs,
    onLine: (stream, line) => emit({ type: "log", source: "build", stream, line }),
    signal: options.signal,
  };
  const result = await withinLimits(context, options, builder);
  await linkVolumes(context, options, config.volumes);
  await prepareTmpfsVolumes(context, options, config.tmpfsVolumes ?? []);

  const processes = { ...result.defaultProcesses, ...config.processes };
  for (const hint of startCommandHints(config.processes, result.defaultProcesses.web)) emit(hint);
  if (Object.keys(processes).length === 0 && !result.staticRoot) {
    throw new Hop3Error("APP_CONFIG_INVALID", `Nothing to run: the ${builder.name} build gave no process and no Procfile or hop3.toml names one.`, {
      hint: "Add a Procfile with a line such as `web: <command that listens on $PORT>`.",
    });
  }
  return {
    builder: builder.name,
    processes,
    env: { ...baseEnv, ...result.env },
    staticRoot: result.staticRoot,
    releaseCommands: config.release,
    settings: {
      healthcheck: config.healthcheck,
      startTimeoutMs: config.startTimeoutMs,
      postdeploy: config.postdeploy,
      limits: config.limits,
      cron: config.cron,
      formation: config.formation,
      secrets: config.secrets.map((spec) => spec.name),
      envOverrides: config.envOverrides,
      computedEnv: config.computedEnv,
      validations: config.validations ?? [],
      addonReferences: config.addonReferences ?? {},
      tmpfs: config.tmpfsVolumes ?? [],
      ports: config.ports ?? [],
      ...(config.logPattern ? { logPattern: config.logPattern } : {}),
    },
    runtime: result.runtime ?? null,
    domains,
  };
}

/** How often a running build reports that it still runs. */
const buildProgressEveryMs = 20_000;

/**
 * Runs the build hooks around `build` in a build slot and under the build's deadline. The slot
 * is given back when the build ends, before the release starts and is health-checked.
 */
async function withinLimits(context: BuildContext, options: BuildReleaseOptions, builder: Builder): Promise<BuildResult> {
  const { app, emit, limits } = options;
  const limit = buildTimeLimit(limits.timeout, context.config.buildTimeoutMs);
  if (limit.capped !== null) emit(limit.capped);
  const slot = await limits.slots.acquire((ahead) => emit({ type: "queued", ahead, slots: limits.slots.count, setting: limits.slotsSetting }));
  const deadline = startDeadline(app, limit, options.signal);
  const limited: BuildContext = { ...context, signal: deadline.signal };
  let progress: ReturnType<typeof setInterval> | undefined;
  try {
    emit({ type: "build-started", builder: builder.name });
    const startedAt = Date.now();
    // A long step (a compiler, a big install) can be quiet for minutes: say it still runs.
    progress = setInterval(() => emit({ type: "build-progress", seconds: Math.round((Date.now() - startedAt) / 1000) }), buildProgressEveryMs);
    await runBuildHooks(limited, "before");
    deadline.signal.throwIfAborted();
    const result = await builder.build(limited);
    // A builder's own work between commands does not watch the signal: check once it returns.
    deadline.signal.throwIfAborted();
    await runBuildHooks(limited, "build");
    await runBuildHooks(limited, "after");
    deadline.signal.throwIfAborted();
    return result;
  } finally {
    clearInterval(progress);
    deadline.clear();
    slot.release();
  }
}

/** The build's environment with the tools' caches in the app's cache, unless the app set them. */
function withToolCaches(cacheDir: string, env: Record<string, string>): Record<string, string> {
  return { ...env, ...goCacheEnv(cacheDir, env) };
}

/** `[env] NAME = { key = "hostname" }`: the app's name, or the hostname it is served at (its domain until domains land). */
function appReferenceValues(references: Readonly<Record<string, AppReference>>, app: string, addresses: Readonly<Record<string, string>>): Record<string, string> {
  const hostname = addresses.HOP3_HOSTNAME ?? app;
  return Object.fromEntries(Object.entries(references).map(([name, key]) => [name, key === "name" ? app : hostname]));
}
