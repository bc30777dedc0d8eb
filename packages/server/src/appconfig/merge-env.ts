import type { EnvFile } from "./env-file.ts";
import { envEntries, type Hop3Toml } from "./hop3-toml-schema.ts";

/** The app's default environment. */
export interface MergedEnv {
  readonly values: Record<string, string>;
}

/**
 * Layers the default environment, later layers winning: app.json `env` values, then the ENV and
 * .env files in order, then hop3.toml `[env]`.
 */
export function mergeEnv(
  appJsonEnv: Readonly<Record<string, string>>,
  envFiles: readonly EnvFile[],
  hop3Toml: { readonly fileName: string; readonly config: Hop3Toml } | undefined,
): MergedEnv {
  const values = new Map<string, string>(Object.entries(appJsonEnv));
  for (const file of envFiles) {
    for (const entry of file.entries) values.set(entry.key, entry.value);
  }
  if (hop3Toml !== undefined) {
    for (const [key, value] of envEntries(hop3Toml.config.env)) {
      // Generated secrets and references (to the app itself, to an addon) are read by tomlEnvSettings.
      if (typeof value === "string") values.set(key, value);
    }
  }
  // Piku's ENV names the app's domain NGINX_SERVER_NAME; Hop3's proxy reads HOST_NAME.
  const pikuDomain = values.get("NGINX_SERVER_NAME");
  if (pikuDomain !== undefined && !values.has("HOST_NAME")) values.set("HOST_NAME", pikuDomain);
  // fromEntries defines own properties, so a variable named __proto__ stays a plain entry.
  return { values: Object.fromEntries(values) };
}
