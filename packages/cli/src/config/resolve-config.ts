import { Hop3Error } from "@hop3/contract";
import { configFilePath, readConfigFile } from "./config-file.ts";

/** The server to talk to, and where its URL came from (for messages). */
export interface ResolvedConfig {
  url: string;
  token: string | undefined;
  urlSource: string;
}

/**
 * Finds the server URL and token: HOP3_URL and HOP3_TOKEN win; whichever is missing comes
 * from the file `hop3 login` wrote. The file's token is only used with the file's own URL,
 * so pointing HOP3_URL elsewhere never sends that token to another server.
 */
export async function resolveConfig(env: Readonly<Record<string, string | undefined>>): Promise<ResolvedConfig> {
  const envUrl = env.HOP3_URL || undefined;
  const envToken = env.HOP3_TOKEN || undefined;
  if (envUrl !== undefined && envToken !== undefined) return { url: envUrl, token: envToken, urlSource: "HOP3_URL" };

  const path = configFilePath(env);
  const file = await readConfigFile(path);
  const url = envUrl ?? file?.url;
  if (url === undefined) {
    const where = file === undefined ? `${path} does not exist` : `${path} has no "url"`;
    throw new Hop3Error("CLI_NOT_CONFIGURED", `No Hop3 server is configured: HOP3_URL is not set and ${where}.`);
  }
  const sameServer = envUrl === undefined || envUrl === file?.url;
  return {
    url,
    token: envToken ?? (sameServer ? file?.token : undefined),
    urlSource: envUrl !== undefined ? "HOP3_URL" : path,
  };
}
