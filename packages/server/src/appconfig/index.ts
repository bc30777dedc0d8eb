/** Reading an app's configuration: hop3.toml, Procfile, app.json, ENV and .env. */
export { loadAppConfig } from "./load-app-config.ts";
export { mergeAppConfig } from "./merge-app-config.ts";
export type { AppConfigSources } from "./merge-app-config.ts";
export { parseProcfile } from "./procfile.ts";
export type { Procfile, ProcfileCronJob, ProcfileEntry } from "./procfile.ts";
export { parseEnvFile } from "./env-file.ts";
export type { EnvEntry, EnvFile } from "./env-file.ts";
export { parseHop3Toml } from "./hop3-toml.ts";
export { hop3TomlSchema } from "./hop3-toml-schema.ts";
export type { Hop3Toml } from "./hop3-toml-schema.ts";
export { parseAppJson } from "./app-json.ts";
export { appJsonSchema } from "./app-json-schema.ts";
export type { AppJson } from "./app-json-schema.ts";
