import { resolveConfig } from "../config/resolve-config.ts";
import type { CliIo } from "../io.ts";
import type { ApiClient } from "./api-client.ts";
import { parseServerUrl } from "./server-url.ts";
import { captureRemote } from "./ssh-transport.ts";

/**
 * A JSON document of the server for a command that runs here even over SSH (`open`,
 * `version`): GET `path` on the API, or over SSH the same document from `hop3 <remote> --json`
 * run on the server (the SSH client speaks no API).
 */
export async function serverDocument<T>(io: CliIo, client: () => Promise<ApiClient>, path: string, remote: readonly string[]): Promise<T> {
  const config = await resolveConfig(io.env);
  const target = parseServerUrl(config.url, config.urlSource);
  if (target.kind === "ssh") return JSON.parse(await captureRemote(target, [...remote, "--json"], io)) as T;
  return (await client()).json<T>("GET", path);
}
