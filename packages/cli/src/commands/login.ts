import { apiPaths, type ServerStatus } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { configFilePath, writeConfigFile } from "../config/config-file.ts";
import { createApiClient } from "../http/api-client.ts";
import { parseServerUrl } from "../http/server-url.ts";
import { captureRemote } from "../http/ssh-transport.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 login`: checks a URL and token against the server, then saves them for later commands. */
export const loginCommand = defineCommand({
  name: "login",
  local: true,
  summary: "Check and save the server URL and token for later commands",
  options: {
    url: { type: "string", valueName: "URL", description: "Server URL: http(s)://HOST[:PORT], unix:///path/to/hop3.sock or ssh://hop3@HOST[:PORT]" },
    token: { type: "string", valueName: "TOKEN", description: "API token (from `hop3-server setup`); not used with ssh://, where your SSH key is the credential" },
  },
  args: [],
  async run({ options }, { io }) {
    const { url, token } = options;
    if (url === undefined) throw usageError("hop3 login: missing option --url URL.", "login");
    const target = parseServerUrl(url, "--url");
    if (token === undefined && target.kind !== "ssh") throw usageError("hop3 login: missing option --token TOKEN.", "login");
    const status =
      target.kind === "ssh"
        ? (JSON.parse(await captureRemote(target, ["status", "--json"], io)) as ServerStatus)
        : await createApiClient(target, token).json<ServerStatus>("GET", apiPaths.status);
    const configFile = configFilePath(io.env);
    await writeConfigFile(configFile, target.kind === "ssh" ? { url } : { url, token });
    return { server: target.display, serverVersion: status.version, configFile };
  },
  render({ server, serverVersion, configFile }) {
    return `Logged in to ${server} (Hop3 ${serverVersion}).\nSaved the URL${server.startsWith("ssh:") ? "" : " and token"} in ${configFile}.`;
  },
});
