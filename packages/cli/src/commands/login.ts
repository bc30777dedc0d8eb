import { hostname } from "node:os";
import { apiPaths, sessionPaths, type CreatedToken, type PasswordTokenBody, type ServerStatus } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { configFilePath, writeConfigFile } from "../config/config-file.ts";
import { createApiClient } from "../http/api-client.ts";
import { parseServerUrl } from "../http/server-url.ts";
import { captureRemote } from "../http/ssh-transport.ts";
import { usageError } from "../usage-error.ts";

/**
 * `hop3 login`: checks a URL and token against the server, then saves them for later commands.
 * With `--user`, signs in with a password (local or LDAP, read from stdin) for a new token.
 */
export const loginCommand = defineCommand({
  name: "login",
  local: true,
  summary: "Check and save the server URL and token for later commands; --user signs in with a password (read from stdin) for a new token",
  options: {
    url: { type: "string", valueName: "URL", description: "Server URL: http(s)://HOST[:PORT], unix:///path/to/hop3.sock or ssh://hop3@HOST[:PORT]" },
    token: { type: "string", valueName: "TOKEN", description: "API token (from `hop3-server setup`, `hop3 tokens:create` or the web UI's Command-line token page); not used with ssh://, where your SSH key is the credential" },
    user: { type: "string", valueName: "NAME", description: "Sign in as NAME with a password (yours, or your LDAP password) read from stdin, and save a new token (named after this host, for 90 days)" },
  },
  args: [],
  async run({ options }, { io }) {
    const { url, user } = options;
    let token = options.token;
    if (url === undefined) throw usageError("hop3 login: missing option --url URL.", "login");
    const target = parseServerUrl(url, "--url");
    if (user !== undefined) {
      if (token !== undefined || target.kind === "ssh") throw usageError("hop3 login: --user signs in with a password over http(s):// or unix://, instead of --token.", "login");
      const password = (await io.readStdin()).replace(/\r?\n$/, "");
      if (password === "") throw usageError("Give the password on stdin, e.g. `read -rs P && printf '%s\\n' \"$P\" | hop3 login --url URL --user NAME`.", "login");
      const body: PasswordTokenBody = { user, password, name: `cli-${hostname().replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 40) || "host"}`, expiresInDays: 90 };
      token = (await createApiClient(target, undefined).json<CreatedToken>("POST", sessionPaths.tokens, body)).token;
    }
    if (token === undefined && target.kind !== "ssh") throw usageError("hop3 login: missing option --token TOKEN (or --user NAME).", "login");
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
