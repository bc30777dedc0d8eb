import type { ConfigVarMap } from "../core/config-vars.ts";
import type { GeneratedSecretSpec } from "../core/generated-secret.ts";
import type { ConfigVarStore } from "./config-var-store.ts";
import { generateSecret } from "./generate-secret.ts";

/** The values of a release's generated secrets, and which of them this deploy made. */
export interface KeptSecrets {
  readonly values: ConfigVarMap;
  readonly created: readonly GeneratedSecretSpec[];
}

/**
 * Makes the secrets the app has not got yet and returns all it asks for (ADR 38): generated
 * once per app, then the same value for every deploy, rollback and restart of that app.
 */
export function keepGeneratedSecrets(store: Pick<ConfigVarStore, "secretsOf" | "addSecrets">, app: string, specs: readonly GeneratedSecretSpec[]): KeptSecrets {
  if (specs.length === 0) return { values: {}, created: [] };
  const existing = store.secretsOf(app);
  const missing = specs.filter((spec) => !Object.hasOwn(existing, spec.name));
  const added = store.addSecrets(app, Object.fromEntries(missing.map((spec) => [spec.name, generateSecret(spec)])));
  const all = { ...existing, ...store.secretsOf(app) };
  return {
    values: Object.fromEntries(specs.map((spec) => [spec.name, all[spec.name] ?? ""])),
    created: missing.filter((spec) => Object.hasOwn(added, spec.name)),
  };
}
