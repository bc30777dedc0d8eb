import { Hop3Error, maxInstancesPerType } from "@hop3/contract";
import { isLoaderVariable, loaderVariableProblem } from "../core/loader-variables.ts";
import { appJsonHealthcheck } from "./app-json-healthcheck.ts";
import { appJsonSchema } from "./app-json-schema.ts";
import type { AppJson } from "./app-json-schema.ts";
import { envNameProblem } from "./env-name.ts";
import type { ReadHealthcheck } from "./read-healthcheck.ts";
import { jsonDialect } from "./schema-problems.ts";
import { unknownKeys } from "./unknown-keys.ts";

/** A variable app.json declares without a value, and what to say if no other file sets it. */
export interface NeededVariable {
  readonly key: string;
  readonly warning: string;
}

/** What an app.json contributes to the app's configuration. */
export interface AppJsonSettings {
  /** The `value`s of `env`: defaults below every other file's. */
  readonly env: Record<string, string>;
  readonly needed: NeededVariable[];
  /** `scripts.dokku.predeploy`. */
  readonly release: string[];
  /** `scripts.dokku.postdeploy`. */
  readonly postdeploy: string[];
  /** `formation.<type>.quantity`, by lowercase process type. */
  readonly formation: Record<string, number>;
  readonly healthcheck: ReadHealthcheck;
  /** Keys set aside, apart from the health check's (dropped when hop3.toml's check wins). */
  readonly warnings: string[];
}

/** Formation keys of Dokku and Heroku that Hop3 does not act on; `max_parallel` means nothing with one instance per type. */
const ignoredFormationKeys = ["size", "autoscaling", "service"] as const;

/** Reads what Hop3 acts on in a valid app.json, with a warning for every key set aside. */
export function appJsonSettings(fileName: string, config: AppJson): AppJsonSettings {
  const warnings: string[] = [];
  const at = (path: string) => `${fileName} "${path}"`;
  for (const { path, suggestion } of unknownKeys(appJsonSchema, config, jsonDialect)) {
    warnings.push(`${fileName}: unknown key "${path}" was ignored${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}`);
  }

  const { scripts } = config;
  const commands = (command: string | undefined) => (command === undefined || command.trim() === "" ? [] : [command]);
  if (scripts?.postdeploy !== undefined) {
    warnings.push(`${at("scripts.postdeploy")} was ignored: scripts run only after an app's first deploy are not supported yet ("scripts.dokku.postdeploy" runs after every deploy)`);
  }
  for (const key of ["pr-predestroy", "test", "test-setup"] as const) {
    if (scripts?.[key] !== undefined) warnings.push(`${at(`scripts.${key}`)} was ignored: Heroku review-app and CI scripts are not supported`);
  }

  const env = new Map<string, string>();
  const needed: NeededVariable[] = [];
  for (const [key, entry] of Object.entries(config.env ?? {})) {
    const where = at(jsonDialect.appendKey("env", key));
    if (isLoaderVariable(key)) throw new Hop3Error("ENV_VAR_FORBIDDEN", `${where}: ${loaderVariableProblem(key)}`);
    // A Heroku file may declare variables Hop3 reserves; skipping them is kinder than refusing the file.
    const problem = envNameProblem(key);
    if (problem !== undefined) {
      warnings.push(`${where} was ignored: ${problem}`);
      continue;
    }
    const value = typeof entry === "string" ? entry : entry.value;
    if (value !== undefined) {
      env.set(key, value);
    } else if (typeof entry !== "string" && entry.generator !== undefined) {
      needed.push({ key, warning: `${where} asks for a generated value, which is not supported yet; ${key} was not set` });
    } else if (typeof entry !== "string" && entry.required !== false) {
      needed.push({ key, warning: `${where} is required but has no value; set it in ENV, .env or hop3.toml [env]` });
    }
  }

  const formation = new Map<string, number>();
  for (const [type, entry] of Object.entries(config.formation ?? {})) {
    if (entry.quantity !== undefined) {
      formation.set(type.toLowerCase(), Math.min(entry.quantity, maxInstancesPerType));
      if (entry.quantity > maxInstancesPerType) {
        warnings.push(`${at(`formation.${type}.quantity`)} is ${entry.quantity}; Hop3 runs at most ${maxInstancesPerType} instances of a process type, so it runs ${maxInstancesPerType}`);
      }
    }
    for (const key of ignoredFormationKeys) {
      if (entry[key] !== undefined) warnings.push(`${at(`formation.${type}.${key}`)} is not supported yet and was ignored`);
    }
  }

  const present = (value: unknown) => value !== undefined && value !== null && !(typeof value === "object" && Object.keys(value).length === 0);
  if (present(config.cron)) warnings.push(`${at("cron")} is not supported yet and was ignored`);
  if (present(config.addons)) warnings.push(`${at("addons")} is not supported yet and was ignored`);
  if (present(config.buildpacks)) warnings.push(`${at("buildpacks")} was ignored: Hop3 picks a builder itself (hop3.toml [build] toolchain names one)`);

  return {
    env: Object.fromEntries(env),
    needed,
    release: commands(scripts?.dokku?.predeploy),
    postdeploy: commands(scripts?.dokku?.postdeploy),
    formation: Object.fromEntries(formation),
    healthcheck: appJsonHealthcheck(fileName, config.healthchecks),
    warnings,
  };
}
