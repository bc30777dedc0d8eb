import { realpath, stat } from "node:fs/promises";
import type { AppConfig } from "../core/app-config.ts";
import { parseAppJson } from "./app-json.ts";
import { parseEnvFile } from "./env-file.ts";
import type { EnvFile } from "./env-file.ts";
import { parseHop3Toml } from "./hop3-toml.ts";
import { mergeAppConfig } from "./merge-app-config.ts";
import { parseProcfile } from "./procfile.ts";
import { readConfigFile } from "./read-config-file.ts";

/**
 * Reads whichever of `hop3.toml`, `Procfile`, `app.json`, `ENV` and `.env` exist in `appDir` and merges
 * them into the app's configuration. Invalid files throw a `Hop3Error` naming the file and the
 * line or key; a missing `appDir` is a bug in the caller and throws a plain `Error`.
 */
export async function loadAppConfig(appDir: string): Promise<AppConfig> {
  const info = await stat(appDir).catch((error: unknown) => {
    throw new Error(`loadAppConfig: cannot read the app directory ${appDir}`, { cause: error });
  });
  if (!info.isDirectory()) throw new Error(`loadAppConfig: ${appDir} is not a directory`);
  const appRoot = await realpath(appDir);

  const [tomlText, procfileText, appJsonText, envText, dotenvText] = await Promise.all(
    ["hop3.toml", "Procfile", "app.json", "ENV", ".env"].map((name) => readConfigFile(appRoot, name)),
  );
  const envFiles: EnvFile[] = [];
  if (envText !== undefined) envFiles.push(parseEnvFile(envText, "ENV"));
  if (dotenvText !== undefined) envFiles.push(parseEnvFile(dotenvText, ".env"));
  return mergeAppConfig({
    hop3Toml: tomlText === undefined ? undefined : { fileName: "hop3.toml", config: parseHop3Toml(tomlText) },
    procfile: procfileText === undefined ? undefined : parseProcfile(procfileText),
    appJson: appJsonText === undefined ? undefined : { fileName: "app.json", config: parseAppJson(appJsonText) },
    envFiles,
  });
}
