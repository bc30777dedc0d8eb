import { configKeyPattern, Hop3Error } from "@hop3/contract";
import { isLoaderVariable, loaderVariableProblem } from "./loader-variables.ts";

/** An app's config vars, by name. Values are secrets: never log them. */
export type ConfigVarMap = Readonly<Record<string, string>>;

/** Where the deploy pipeline reads an app's config vars from. */
export interface ConfigVarSource {
  varsOf(app: string): ConfigVarMap;
}

/** Refuses a name that is not a shell variable name, or that Hop3 assigns itself (PORT, HOP3_*). */
export function checkConfigKey(key: string): void {
  if (!configKeyPattern.test(key)) {
    throw new Hop3Error("CONFIG_KEY_INVALID", `${JSON.stringify(key.slice(0, 80))} is not a valid config var name: use letters, digits and underscores, not starting with a digit.`);
  }
  if (key === "PORT" || key.startsWith("HOP3_")) {
    throw new Hop3Error("CONFIG_KEY_RESERVED", `Config var ${key} is reserved: Hop3 sets PORT and HOP3_* for each process.`);
  }
}

/** Refuses, on top of checkConfigKey, a name that may not be set (a loader variable); one already stored may still be unset. */
export function checkConfigKeyToSet(key: string): void {
  checkConfigKey(key);
  if (isLoaderVariable(key)) throw new Hop3Error("ENV_VAR_FORBIDDEN", `Config var ${loaderVariableProblem(key)}`);
}

/**
 * The environment a release runs with: its files' and builder's environment, overridden by
 * the config vars. The vars can never replace PORT or HOP3_* (their names are refused), and a
 * loader variable stored before such names were refused is left out.
 */
export function withConfigVars(env: Readonly<Record<string, string>>, vars: ConfigVarMap): Record<string, string> {
  const merged: Record<string, string> = { ...env };
  for (const [key, value] of Object.entries(vars)) {
    if (key !== "PORT" && !key.startsWith("HOP3_") && !isLoaderVariable(key)) merged[key] = value;
  }
  return merged;
}
