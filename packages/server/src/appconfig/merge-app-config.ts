import type { AppConfig } from "../core/app-config.ts";
import type { AppJson } from "./app-json-schema.ts";
import { appJsonSettings } from "./app-json-settings.ts";
import type { AppJsonSettings } from "./app-json-settings.ts";
import { parseByteSize } from "../core/byte-size.ts";
import { mergeCronJobs } from "./cron-jobs.ts";
import { durationMs } from "./duration.ts";
import type { EnvFile } from "./env-file.ts";
import type { Hop3Toml } from "./hop3-toml-schema.ts";
import { mergeEnv } from "./merge-env.ts";
import { mergeProcesses } from "./merge-processes.ts";
import type { Procfile } from "./procfile.ts";
import type { ReadHealthcheck } from "./read-healthcheck.ts";
import { noTomlEnvSettings, tomlEnvSettings } from "./toml-env-settings.ts";
import { tomlHealthcheck } from "./toml-healthcheck.ts";

/** The parsed configuration files of one app; each is absent when the app has no such file. */
export interface AppConfigSources {
  readonly hop3Toml?: { readonly fileName: string; readonly config: Hop3Toml } | undefined;
  readonly procfile?: Procfile | undefined;
  readonly appJson?: { readonly fileName: string; readonly config: AppJson } | undefined;
  /** `ENV` then `.env`: a later file overrides an earlier one. */
  readonly envFiles?: readonly EnvFile[] | undefined;
}

/**
 * Merges an app's parsed configuration files into its `AppConfig`: processes from the Procfile
 * overlaid by hop3.toml; environment from app.json, ENV, .env then hop3.toml `[env]` (later
 * wins); release commands from the Procfile, hop3.toml then app.json; the health check of
 * hop3.toml, else app.json's; and a warning for every setting understood but not acted on yet.
 */
export function mergeAppConfig(sources: AppConfigSources): AppConfig {
  const { hop3Toml, procfile, appJson, envFiles = [] } = sources;
  const config = hop3Toml?.config;
  const merged = mergeProcesses(procfile, hop3Toml);
  const fromAppJson = appJson === undefined ? undefined : appJsonSettings(appJson.fileName, appJson.config);
  const env = mergeEnv(fromAppJson?.env ?? {}, envFiles, hop3Toml);
  const check = chooseHealthcheck(hop3Toml === undefined ? undefined : tomlHealthcheck(hop3Toml.fileName, hop3Toml.config), fromAppJson);
  const build = config?.build;
  const run = config?.run;
  const startTimeout = run?.["start-timeout"];
  const limits = config?.limits;
  const envSettings = hop3Toml === undefined ? noTomlEnvSettings : tomlEnvSettings(hop3Toml.fileName, hop3Toml.config);
  return {
    id: config?.metadata?.id ?? null,
    processes: merged.processes,
    staticRoot: merged.staticRoot,
    env: env.values,
    toolchain: build?.toolchain ?? null,
    buildHooks: {
      before: distinct([...merged.hooks.before, ...commandList(build?.["before-build"])]),
      build: commandList(build?.build),
      after: distinct([...merged.hooks.after, ...commandList(build?.["after-build"])]),
    },
    healthcheck: check.healthcheck,
    release: distinct([...merged.release, ...commandList(run?.["before-run"]), ...(fromAppJson?.release ?? [])]),
    postdeploy: fromAppJson?.postdeploy ?? [],
    startTimeoutMs: startTimeout === undefined ? null : durationMs(startTimeout),
    buildTimeoutMs: build?.timeout === undefined ? null : durationMs(build.timeout),
    limits: { memoryBytes: limits?.memory === undefined ? null : parseByteSize(limits.memory), cpus: limits?.cpu ?? null, maxProcesses: limits?.processes ?? null },
    formation: fromAppJson?.formation ?? {},
    cron: mergeCronJobs(procfile, hop3Toml),
    warnings: [
      ...merged.warnings,
      ...env.warnings,
      ...(hop3Toml === undefined ? [] : unsupportedSettings(hop3Toml.fileName, hop3Toml.config)),
      ...check.warnings,
      ...(fromAppJson?.warnings ?? []),
      // A variable app.json needs is fine when another file sets it.
      ...(fromAppJson?.needed ?? []).filter((variable) => !Object.hasOwn(env.values, variable.key)).map((variable) => variable.warning),
    ],
    files: [hop3Toml?.fileName, procfile?.fileName, appJson?.fileName, ...envFiles.map((file) => file.fileName)].filter((file) => file !== undefined),
    packageManager: build?.["package-manager"] ?? null,
    goMain: commandList(build?.["go-main"]),
    // "_" alone is the original Hop3's catch-all; Hop3 serves unknown hosts its own 404 page instead (warned below).
    domains: (config?.domains?.list ?? []).filter((host) => host !== "_"),
    staticDir: build?.["static-dir"] ?? null,
    nodeVersion: build?.["node-version"] === undefined ? null : String(build["node-version"]).replace(/^v/, ""),
    secrets: envSettings.secrets,
    references: envSettings.references,
    envOverrides: envSettings.overrides,
    computedEnv: envSettings.computed,
    logPattern: config?.alerts?.["log-pattern"] ?? null,
    addons: [
      ...(config?.addons ?? []).map((addon) => ({ type: addon.type, name: addon.name ?? null })),
      // The older spelling: `name` is what [env] refers to, and the type when `type` is absent.
      ...(config?.provider ?? []).map((provider) => ({ type: provider.type ?? provider.name, name: provider.name })),
    ],
    volumes: (config?.volumes ?? []).filter((volume) => (volume.type ?? "persist") === "persist").map((volume) => ({ name: volume.name, target: volume.target })),
  };
}

/** hop3.toml's health check wins over app.json's, whose warnings then no longer matter. */
function chooseHealthcheck(fromToml: ReadHealthcheck | undefined, fromAppJson: AppJsonSettings | undefined): ReadHealthcheck {
  const toml = fromToml?.healthcheck ?? null;
  const app = fromAppJson?.healthcheck.healthcheck ?? null;
  if (toml !== null && app !== null) {
    return { healthcheck: toml, warnings: [...(fromToml?.warnings ?? []), `${app.source} was ignored: ${toml.source} sets the health check`] };
  }
  return { healthcheck: toml ?? app, warnings: [...(fromToml?.warnings ?? []), ...(fromAppJson?.healthcheck.warnings ?? [])] };
}

/** One sentence per hop3.toml setting that Hop3 understands but does not act on yet. */
function unsupportedSettings(fileName: string, config: Hop3Toml): string[] {
  const ignored = (setting: string) => `${fileName} ${setting} is not supported yet and was ignored`;
  const warnings: string[] = [];
  const { build, run } = config;
  if (build?.builder === "docker" || build?.builder === "nix") warnings.push(ignored(`[build] builder = "${build.builder}"`));
  for (const key of ["test", "packages", "pip-install", "ignore", "ignore-file"] as const) {
    if (build?.[key] !== undefined) warnings.push(ignored(`[build] ${key}`));
  }
  if (run?.packages !== undefined) warnings.push(ignored("[run] packages"));
  const sections = [
    ["backup", "[backup]"],
    ["port", "[port]"],
    ["ports", "[[ports]] (no fixed host port is opened)"],
    ["waf", "[waf]"],
  ] as const;
  for (const [key, label] of sections) {
    if (config[key] !== undefined) warnings.push(ignored(label));
  }
  if (config.domains?.list?.includes("_") === true) warnings.push(ignored('[domains] list "_" (a catch-all: hosts no app has get the server\'s 404 page)'));
  if (config.domains?._policy !== undefined) warnings.push(ignored(`[domains] _policy (listed domains are added on each deploy; \`hop3 domains:remove\` removes one)`));
  // Builders and clients Hop3 does not have: their settings are accepted and set aside.
  for (const [key, label] of [["nix", "[nix] (no Nix builder)"], ["docker", "[docker] (no Docker builder)"], ["contexts", "[contexts] (client contexts are not read)"]] as const) {
    if (config[key] !== undefined) warnings.push(`${fileName} ${label} is not supported and was ignored`);
  }
  for (const [index, addon] of (config.addons ?? []).entries()) {
    for (const key of ["version", "extensions", "backup"] as const) if (addon[key] !== undefined) warnings.push(ignored(`[[addons]] #${index + 1} ${key}`));
  }
  for (const [index, provider] of (config.provider ?? []).entries()) {
    for (const key of ["version", "backup"] as const) if (provider[key] !== undefined) warnings.push(ignored(`[[provider]] #${index + 1} ${key}`));
  }
  for (const volume of config.volumes ?? []) {
    if ((volume.type ?? "persist") !== "persist") warnings.push(ignored(`[[volumes]] "${volume.name}" of type ${volume.type ?? ""} (only persistent volumes are made)`));
    for (const key of ["size", "mode"] as const) if (volume[key] !== undefined) warnings.push(ignored(`[[volumes]] "${volume.name}" ${key}`));
  }
  return warnings;
}

function commandList(commands: string | readonly string[] | undefined): string[] {
  if (commands === undefined) return [];
  return typeof commands === "string" ? [commands] : [...commands];
}

/** Drops repeats, so a command declared in two files runs once. */
function distinct(commands: readonly string[]): string[] {
  return [...new Set(commands)];
}
