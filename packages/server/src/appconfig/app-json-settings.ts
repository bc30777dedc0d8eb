import { envNameProblem, Hop3Error, maxInstancesPerType } from "@hop3/contract";
import type { ConfigNotice } from "@hop3/contract";
import { isLoaderVariable, loaderVariableProblem } from "../core/loader-variables.ts";
import { appJsonHealthcheck } from "./app-json-healthcheck.ts";
import { appJsonSchema } from "./app-json-schema.ts";
import type { AppJson } from "./app-json-schema.ts";
import type { ReadHealthcheck } from "./read-healthcheck.ts";
import { jsonDialect } from "./schema-problems.ts";
import { unknownKeys } from "./unknown-keys.ts";

/** A variable app.json declares without a value, and what to say if no other file sets it. */
export interface NeededVariable {
  readonly key: string;
  readonly notice: ConfigNotice;
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
  readonly notices: ConfigNotice[];
}

/** Formation keys of Dokku and Heroku that Hop3 does not act on; `max_parallel` means nothing with one instance per type. */
const ignoredFormationKeys = ["size", "autoscaling", "service"] as const;

/** Reads what Hop3 acts on in a valid app.json, with a warning for every key set aside. */
export function appJsonSettings(fileName: string, config: AppJson): AppJsonSettings {
  const notices: ConfigNotice[] = [];
  const at = (path: string) => `${fileName} "${path}"`;
  for (const { path, suggestion } of unknownKeys(appJsonSchema, config, jsonDialect)) {
    notices.push({ code: "unknown-key", file: fileName, key: path, suggestion: suggestion ?? null });
  }

  const { scripts } = config;
  const commands = (command: string | undefined) => (command === undefined || command.trim() === "" ? [] : [command]);
  if (scripts?.postdeploy !== undefined) {
    notices.push({ code: "first-deploy-script", at: at("scripts.postdeploy") });
  }
  for (const key of ["pr-predestroy", "test", "test-setup"] as const) {
    if (scripts?.[key] !== undefined) notices.push({ code: "ci-script", at: at(`scripts.${key}`) });
  }

  const env = new Map<string, string>();
  const needed: NeededVariable[] = [];
  for (const [key, entry] of Object.entries(config.env ?? {})) {
    const where = at(jsonDialect.appendKey("env", key));
    if (isLoaderVariable(key)) throw new Hop3Error("ENV_VAR_FORBIDDEN", `${where}: ${loaderVariableProblem(key)}`);
    // A Heroku file may declare variables Hop3 reserves; skipping them is kinder than refusing the file.
    if (envNameProblem(key) !== undefined) {
      notices.push({ code: "env-name-refused", at: where, name: key });
      continue;
    }
    const value = typeof entry === "string" ? entry : entry.value;
    if (value !== undefined) {
      env.set(key, value);
    } else if (typeof entry !== "string" && entry.generator !== undefined) {
      needed.push({ key, notice: { code: "generated-value-unsupported", at: where, key } });
    } else if (typeof entry !== "string" && entry.required !== false) {
      needed.push({ key, notice: { code: "required-without-value", at: where, key } });
    }
  }

  const formation = new Map<string, number>();
  for (const [type, entry] of Object.entries(config.formation ?? {})) {
    if (entry.quantity !== undefined) {
      formation.set(type.toLowerCase(), Math.min(entry.quantity, maxInstancesPerType));
      if (entry.quantity > maxInstancesPerType) {
        notices.push({ code: "quantity-capped", at: at(`formation.${type}.quantity`), asked: entry.quantity, max: maxInstancesPerType });
      }
    }
    for (const key of ignoredFormationKeys) {
      if (entry[key] !== undefined) notices.push({ code: "not-supported-yet", at: at(`formation.${type}.${key}`) });
    }
  }

  const present = (value: unknown) => value !== undefined && value !== null && !(typeof value === "object" && Object.keys(value).length === 0);
  if (present(config.cron)) notices.push({ code: "not-supported-yet", at: at("cron") });
  if (present(config.addons)) notices.push({ code: "not-supported-yet", at: at("addons") });
  if (present(config.buildpacks)) notices.push({ code: "buildpacks", at: at("buildpacks") });

  return {
    env: Object.fromEntries(env),
    needed,
    release: commands(scripts?.dokku?.predeploy),
    postdeploy: commands(scripts?.dokku?.postdeploy),
    formation: Object.fromEntries(formation),
    healthcheck: appJsonHealthcheck(fileName, config.healthchecks),
    notices,
  };
}
