import type { AppConfig } from "../core/app-config.ts";
import type { EnvFile } from "./env-file.ts";
import type { Hop3Toml } from "./hop3-toml-schema.ts";
import { mergeProcesses } from "./merge-processes.ts";
import type { Procfile } from "./procfile.ts";

/** The parsed configuration files of one app; each is absent when the app has no such file. */
export interface AppConfigSources {
  readonly hop3Toml?: { readonly fileName: string; readonly config: Hop3Toml } | undefined;
  readonly procfile?: Procfile | undefined;
  /** `ENV` then `.env`: a later file overrides an earlier one. */
  readonly envFiles?: readonly EnvFile[] | undefined;
}

/**
 * Merges an app's parsed configuration files into its `AppConfig`: processes from the Procfile
 * overlaid by hop3.toml, environment from ENV, .env then hop3.toml `[env]` (later wins), and a
 * warning for every setting understood but not acted on yet.
 */
export function mergeAppConfig(sources: AppConfigSources): AppConfig {
  const { hop3Toml, procfile, envFiles = [] } = sources;
  const config = hop3Toml?.config;
  const merged = mergeProcesses(procfile, hop3Toml);
  const env = mergeEnv(envFiles, hop3Toml);
  const build = config?.build;
  return {
    id: config?.metadata.id ?? null,
    processes: merged.processes,
    staticRoot: merged.staticRoot,
    env: env.values,
    toolchain: build?.toolchain ?? null,
    buildHooks: {
      before: distinct([...merged.hooks.before, ...commandList(build?.["before-build"])]),
      build: commandList(build?.build),
      after: distinct([...merged.hooks.after, ...commandList(build?.["after-build"])]),
    },
    warnings: [...merged.warnings, ...env.warnings, ...(hop3Toml === undefined ? [] : unsupportedSettings(hop3Toml.fileName, hop3Toml.config))],
    files: [hop3Toml?.fileName, procfile?.fileName, ...envFiles.map((file) => file.fileName)].filter((file) => file !== undefined),
  };
}

function mergeEnv(envFiles: readonly EnvFile[], hop3Toml: AppConfigSources["hop3Toml"]): { values: Record<string, string>; warnings: string[] } {
  const values = new Map<string, string>();
  const warnings: string[] = [];
  for (const file of envFiles) {
    for (const entry of file.entries) values.set(entry.key, entry.value);
  }
  if (hop3Toml !== undefined) {
    for (const [key, value] of Object.entries(hop3Toml.config.env ?? {})) {
      if (typeof value === "string") {
        values.set(key, value);
      } else {
        warnings.push(`${hop3Toml.fileName} [env] ${key} asks for a generated secret, which is not supported yet; ${key} was not set`);
      }
    }
  }
  // Piku's ENV names the app's domain NGINX_SERVER_NAME; Hop3's proxy reads HOST_NAME.
  const pikuDomain = values.get("NGINX_SERVER_NAME");
  if (pikuDomain !== undefined && !values.has("HOST_NAME")) values.set("HOST_NAME", pikuDomain);
  // fromEntries defines own properties, so a variable named __proto__ stays a plain entry.
  return { values: Object.fromEntries(values), warnings };
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
  for (const key of ["before-run", "packages", "start-timeout", "healthcheck", "healthcheck-timeout"] as const) {
    if (run?.[key] !== undefined) warnings.push(ignored(`[run] ${key}`));
  }
  const sections = [
    ["healthcheck", "[healthcheck]"],
    ["addons", "[[addons]]"],
    ["provider", "[[provider]]"],
    ["backup", "[backup]"],
    ["volumes", "[[volumes]]"],
    ["limits", "[limits]"],
    ["port", "[port]"],
    ["docker", "[docker]"],
  ] as const;
  for (const [key, label] of sections) {
    if (config[key] !== undefined) warnings.push(ignored(label));
  }
  return warnings;
}

function commandList(commands: string | readonly string[] | undefined): string[] {
  if (commands === undefined) return [];
  return typeof commands === "string" ? [commands] : [...commands];
}

/** Drops repeats, so a hook declared in both the Procfile and hop3.toml runs once. */
function distinct(commands: readonly string[]): string[] {
  return [...new Set(commands)];
}
