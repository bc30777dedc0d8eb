import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CloneType, KindGuard, Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { parse as parseToml } from "smol-toml";
import { Hop3Error } from "@hop3/contract";
import { parseByteSize } from "../core/byte-size.ts";
import { apiHostOf } from "./api-host.ts";
import { dnsUpdateOf } from "./dns-update.ts";
import { checkSecretsFileMode, flattenAddonTables, isSecretSetting } from "./addon-server-settings.ts";
import { serverSettings, type Setting, type SettingKey } from "./server-settings.ts";

/** The smallest output cap: a few lines of an error must still get through. */
const minOutputBytes = 1024;

type SettingSchemas = { [K in SettingKey]: (typeof serverSettings)[K]["schema"] };
const entries = Object.entries(serverSettings) as [SettingKey, Setting][];

/** The server's settings: defaults, then the config file, then `HOP3_*` environment variables. */
export const ServerConfigSchema = Type.Object(
  Object.fromEntries(entries.map(([key, setting]) => [key, CloneType(setting.schema, { description: `${setting.help} (${setting.env})` })])) as SettingSchemas,
  { additionalProperties: false },
);

export type ServerConfig = Readonly<Static<typeof ServerConfigSchema>>;

/** A setting as messages name it: its file key and its environment variable, `build-slots (HOP3_BUILD_SLOTS)`. */
export function settingName(key: SettingKey): string {
  return `${key} (${serverSettings[key].env})`;
}

const defaults = Object.fromEntries(entries.map(([key, setting]) => [key, setting.default])) as Static<typeof ServerConfigSchema>;
const envNames: Readonly<Record<string, string>> = Object.fromEntries(entries.map(([key, setting]) => [key, setting.env]));
const booleanWords: Record<string, boolean> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };

/** A variable's text as its setting's kind: a word that is not a boolean stays text, so that validation names the variable. */
function fromEnvironment(setting: Setting, raw: string): unknown {
  if (KindGuard.IsInteger(setting.schema) || KindGuard.IsNumber(setting.schema)) return Number(raw);
  if (KindGuard.IsBoolean(setting.schema)) return booleanWords[raw.toLowerCase()] ?? raw;
  return raw;
}

/**
 * Reads the server configuration once, at start: `HOP3_CONFIG` (or `<home>/server.toml`
 * when it exists) overlaid by environment variables. Unknown keys and bad values are
 * errors naming the key and where it came from. The result is frozen.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const fromEnv: Record<string, unknown> = {};
  for (const [key, setting] of entries) {
    const raw = env[setting.env];
    if (raw === undefined || raw === "") continue;
    fromEnv[key] = fromEnvironment(setting, raw);
  }
  const home = resolve(String(fromEnv.home ?? defaults.home));
  const file = env.HOP3_CONFIG ?? join(home, "server.toml");
  const fromFile = env.HOP3_CONFIG !== undefined || existsSync(file) ? readConfigFile(file) : {};
  checkSecretsFileMode(file, fromFile);
  const merged = { ...defaults, ...fromFile, ...fromEnv, home };
  const sourceOf = (key: string) => (key in fromEnv ? `environment variable ${envNames[key] ?? key}` : key in fromFile ? `${file} key "${key}"` : `"${key}"`);
  const errors = [...Value.Errors(ServerConfigSchema, merged)];
  const first = errors[0];
  if (first) {
    const key = first.path.replace(/^\//, "");
    const problem = key === "" || !(key in defaults) ? `unknown setting` : first.message.toLowerCase();
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${sourceOf(key)}: ${problem}${key in merged && !isSecretSetting(key) ? ` (got ${JSON.stringify(key in fromEnv ? env[envNames[key] ?? ""] : (merged as Record<string, unknown>)[key])})` : ""}.`);
  }
  const outputMax = parseByteSize(merged["deploy-output-max"]);
  if (outputMax === null || outputMax < minOutputBytes) {
    const source = sourceOf("deploy-output-max");
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${source}: must be at least 1K (got ${JSON.stringify(merged["deploy-output-max"])}).`);
  }
  apiHostOf(merged);
  dnsUpdateOf(merged);
  return Object.freeze(merged);
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config file ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    const parsed = flattenAddonTables(parseToml(text) as Record<string, unknown>, file);
    for (const key of Object.keys(parsed)) {
      if (!(key in defaults)) {
        throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${file} has an unknown key "${key}"; known keys: ${Object.keys(defaults).join(", ")}.`);
      }
    }
    return parsed;
  } catch (error) {
    if (error instanceof Hop3Error) throw error;
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config file ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
}
