import { Hop3Error } from "@hop3/contract";
import type { AppReference, GeneratedSecretSpec } from "../core/generated-secret.ts";
import type { AddonReference } from "../core/app-config.ts";
import { appReferences, envEntries, type Hop3Toml } from "./hop3-toml-schema.ts";

/** What hop3.toml's [env] asks of Hop3 beyond plain values. */
export interface TomlEnvSettings {
  readonly secrets: readonly GeneratedSecretSpec[];
  /** `NAME = { key = "hostname" }`: the app's own name, hostname or domain. */
  readonly references: Readonly<Record<string, AppReference>>;
  /** `_policy = "override"`: these [env] names win over config vars. */
  readonly overrides: readonly string[];
  /** `[env.computed]`: `${VAR}` templates interpolated at each start. */
  readonly computed: Readonly<Record<string, string>>;
  /** `NAME = { from = "db", key = "DATABASE_URL" }`: an attached addon's value. */
  readonly addonReferences: Readonly<Record<string, AddonReference>>;
}

export const noTomlEnvSettings: TomlEnvSettings = { secrets: [], references: {}, overrides: [], computed: {}, addonReferences: {} };

/** Reads generated secrets, references, the policy and computed values of `[env]`. */
export function tomlEnvSettings(fileName: string, config: Hop3Toml): TomlEnvSettings {
  const { _policy: policy, computed } = config.env ?? {};
  const secrets: GeneratedSecretSpec[] = [];
  const references: Record<string, AppReference> = {};
  const addonReferences: Record<string, AddonReference> = {};
  const plain: string[] = [];
  for (const [name, value] of envEntries(config.env)) {
    if (typeof value === "string") {
      plain.push(name);
    } else if (typeof value === "object" && "generate" in value && typeof value.generate === "string") {
      const spec = value as { generate: string; length?: number; prefix?: string; display?: boolean };
      secrets.push({ name, generate: spec.generate, length: spec.length ?? 32, prefix: spec.prefix ?? "", display: spec.display ?? false });
    } else if (typeof value === "object" && "key" in value && !("from" in value)) {
      const key = String(value.key);
      if (!(appReferences as readonly string[]).includes(key)) {
        throw new Hop3Error("HOP3_TOML_INVALID", `${fileName}: "env.${name}.key" must be one of "domain", "hostname", "name" (or name an addon with "from"), got "${key}"`);
      }
      references[name] = key as AppReference;
      plain.push(name);
    } else if (typeof value === "object" && "from" in value && typeof value.from === "string") {
      addonReferences[name] = { from: value.from, key: String(value.key) };
    }
  }
  return { secrets, references, overrides: policy === "override" ? plain : [], computed: { ...computed }, addonReferences };
}
