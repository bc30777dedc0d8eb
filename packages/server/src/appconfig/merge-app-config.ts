import { normalize } from "node:path";
import type { ConfigNotice } from "@hop3/contract";
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
import { pikuSettings } from "./piku-env.ts";
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
  const piku = pikuSettings(envFiles);
  const envSettings = hop3Toml === undefined ? noTomlEnvSettings : tomlEnvSettings(hop3Toml.fileName, hop3Toml.config);
  return {
    id: config?.metadata?.id ?? null,
    processes: merged.processes,
    staticRoot: merged.staticRoot ?? piku.staticRoot,
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
    notices: [
      ...merged.notices,
      ...piku.notices,
      ...hostNameNotices(hop3Toml, env.values),
      ...(hop3Toml === undefined ? [] : unsupportedSettings(hop3Toml.fileName, hop3Toml.config)),
      ...check.notices,
      ...(fromAppJson?.notices ?? []),
      // A variable app.json needs is fine when another file sets it.
      ...(fromAppJson?.needed ?? []).filter((variable) => !Object.hasOwn(env.values, variable.key)).map((variable) => variable.notice),
    ],
    files: [hop3Toml?.fileName, procfile?.fileName, appJson?.fileName, ...envFiles.map((file) => file.fileName)].filter((file) => file !== undefined),
    packageManager: build?.["package-manager"] ?? null,
    goMain: commandList(build?.["go-main"]),
    validations: (config?.test?.validations ?? []).map((check) => ({ path: check.path ?? "/", status: check.status ?? null, contains: check.contains ?? null })),
    // "_" alone is the original Hop3's catch-all; Hop3 serves unknown hosts its own 404 page instead (warned below).
    // HOST_NAME (and Piku's NGINX_SERVER_NAME, copied to it) names the app's domains when [domains] does not.
    domains: (config?.domains?.list ?? hostNames(env.values)).filter((host) => host !== "_"),
    staticDir: build?.["static-dir"] ?? null,
    nodeVersion: build?.["node-version"] === undefined ? piku.nodeVersion : String(build["node-version"]).replace(/^v/, ""),
    secrets: envSettings.secrets,
    references: envSettings.references,
    envOverrides: envSettings.overrides,
    computedEnv: envSettings.computed,
    addonReferences: envSettings.addonReferences,
    logPattern: config?.alerts?.["log-pattern"] ?? null,
    addons: [
      ...(config?.addons ?? []).map((addon) => ({ type: addon.type, name: addon.name ?? null })),
      // The older spelling: `name` is what [env] refers to, and the type when `type` is absent.
      ...(config?.provider ?? []).map((provider) => ({ type: provider.type ?? provider.name, name: provider.name })),
    ],
    volumes: (config?.volumes ?? []).filter((volume) => (volume.type ?? "persist") === "persist").map((volume) => ({ name: volume.name, target: volume.target })),
    ports: (config?.ports ?? []).map((port) => ({ number: port.number, protocol: port.protocol ?? "tcp", name: port.name ?? null, source: port.source ?? "any" })),
    tmpfsVolumes: (config?.volumes ?? [])
      .filter((volume) => volume.type === "tmpfs")
      .map((volume) => ({ name: volume.name, target: normalize(volume.target).replace(/\/+$/, ""), sizeBytes: parseByteSize(volume.size ?? defaultTmpfsSize) ?? 0 })),
  };
}

/** A tmpfs volume without `size`: small, since it is memory of the process that writes it. */
const defaultTmpfsSize = "64M";

/** hop3.toml's health check wins over app.json's, whose notices then no longer matter. */
function chooseHealthcheck(fromToml: ReadHealthcheck | undefined, fromAppJson: AppJsonSettings | undefined): ReadHealthcheck {
  const toml = fromToml?.healthcheck ?? null;
  const app = fromAppJson?.healthcheck.healthcheck ?? null;
  if (toml !== null && app !== null) {
    return { healthcheck: toml, notices: [...(fromToml?.notices ?? []), { code: "check-replaced", at: app.source, by: toml.source }] };
  }
  return { healthcheck: toml ?? app, notices: [...(fromToml?.notices ?? []), ...(fromAppJson?.healthcheck.notices ?? [])] };
}

/** One notice per hop3.toml setting that Hop3 understands but does not act on yet. */
function unsupportedSettings(fileName: string, config: Hop3Toml): ConfigNotice[] {
  const notices: ConfigNotice[] = [];
  const ignored = (setting: string) => notices.push({ code: "not-supported-yet", at: `${fileName} ${setting}` });
  const { build, run } = config;
  if (build?.builder === "docker" || build?.builder === "nix") ignored(`[build] builder = "${build.builder}"`);
  for (const key of ["test", "packages", "pip-install", "ignore", "ignore-file"] as const) {
    if (build?.[key] !== undefined) ignored(`[build] ${key}`);
  }
  if (run?.packages !== undefined) ignored("[run] packages");
  const sections = [
    ["backup", "[backup]"],
    ["port", "[port]"],
    ["waf", "[waf]"],
  ] as const;
  for (const [key, label] of sections) {
    if (config[key] !== undefined) ignored(label);
  }
  for (const port of config.ports ?? []) {
    if (port.source !== undefined && port.source !== "any") {
      notices.push({ code: "port-source-not-opened", at: `${fileName} [[ports]]`, port: port.number, protocol: port.protocol ?? "tcp", source: port.source });
    }
  }
  if (config.domains?.list?.includes("_") === true) notices.push({ code: "catch-all-host", at: `${fileName} [domains] list "_"` });
  if (config.domains?._policy !== undefined) notices.push({ code: "domains-policy", at: `${fileName} [domains] _policy` });
  // Builders and clients Hop3 does not have: their settings are accepted and set aside.
  for (const [key, tool] of [["nix", "nix-builder"], ["docker", "docker-builder"], ["contexts", "client-contexts"]] as const) {
    if (config[key] !== undefined) notices.push({ code: "no-such-tool", at: `${fileName} [${key}]`, tool });
  }
  for (const [index, addon] of (config.addons ?? []).entries()) {
    for (const key of ["version", "extensions", "backup"] as const) if (addon[key] !== undefined) ignored(`[[addons]] #${index + 1} ${key}`);
  }
  for (const [index, provider] of (config.provider ?? []).entries()) {
    for (const key of ["version", "backup"] as const) if (provider[key] !== undefined) ignored(`[[provider]] #${index + 1} ${key}`);
  }
  for (const volume of config.volumes ?? []) {
    const at = `${fileName} [[volumes]] "${volume.name}"`;
    if (volume.type === "bind") notices.push({ code: "volume-type-bind", at });
    if (volume.size !== undefined && volume.type !== "tmpfs") notices.push({ code: "volume-size-not-tmpfs", at });
    if (volume.mode !== undefined) ignored(`[[volumes]] "${volume.name}" mode`);
  }
  return notices;
}

/** The hostnames in HOST_NAME: one, or several separated by spaces or commas (nginx's server_name, as Piku writes it). */
function hostNames(env: Readonly<Record<string, string>>): string[] {
  return (env["HOST_NAME"] ?? "").split(/[\s,]+/).filter((host) => host !== "");
}

/** `[domains] list` and HOST_NAME are two ways to say the same thing: the list wins. */
function hostNameNotices(hop3Toml: AppConfigSources["hop3Toml"], env: Readonly<Record<string, string>>): ConfigNotice[] {
  if (hop3Toml?.config.domains?.list === undefined || hostNames(env).length === 0) return [];
  return [{ code: "host-name-overridden", file: hop3Toml.fileName }];
}

function commandList(commands: string | readonly string[] | undefined): string[] {
  if (commands === undefined) return [];
  return typeof commands === "string" ? [commands] : [...commands];
}

/** Drops repeats, so a command declared in two files runs once. */
function distinct(commands: readonly string[]): string[] {
  return [...new Set(commands)];
}
