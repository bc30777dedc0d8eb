import { apiPaths, type ServerStatus } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { configFilePath, writeConfigFile } from "../config/config-file.ts";
import { createApiClient } from "../http/api-client.ts";
import { parseServerUrl } from "../http/server-url.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 login`: checks a URL and token against the server, then saves them for later commands. */
export const loginCommand = defineCommand({
  name: "login",
  summary: "Check and save the server URL and token for later commands",
  options: {
    url: { type: "string", valueName: "URL", description: "Server URL: http(s)://HOST[:PORT] or unix:///path/to/hop3.sock" },
    token: { type: "string", valueName: "TOKEN", description: "API token (from `hop3-server setup`)" },
  },
  args: [],
  async run({ options }, { io }) {
    const { url, token } = options;
    if (url === undefined) throw usageError("hop3 login: missing option --url URL.", "login");
    if (token === undefined) throw usageError("hop3 login: missing option --token TOKEN.", "login");
    const target = parseServerUrl(url, "--url");
    const status = await createApiClient(target, token).json<ServerStatus>("GET", apiPaths.status);
    const configFile = configFilePath(io.env);
    await writeConfigFile(configFile, { url, token });
    return { server: target.display, serverVersion: status.version, configFile };
  },
  render({ server, serverVersion, configFile }) {
    return `Logged in to ${server} (Hop3 ${serverVersion}).\nSaved the URL and token in ${configFile}.`;
  },
});
