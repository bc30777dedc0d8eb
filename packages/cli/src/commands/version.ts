import { apiPaths, Hop3Error, type ServerStatus } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields } from "../format/table.ts";
import { serverDocument } from "../http/server-document.ts";
import { cliVersion } from "../version.ts";

/** `hop3 version`: this client's version and the server's, to compare when something differs. */
export const versionCommand = defineCommand({
  name: "version",
  local: true,
  summary: "Show the version of this client and of the server",
  options: { json: jsonOption },
  args: [],
  async run(_input, { io, client }) {
    try {
      const status = await serverDocument<ServerStatus>(io, client, apiPaths.status, ["status"]);
      return { client: cliVersion, server: status.version as string | null, serverError: null as string | null };
    } catch (error) {
      // The client's version is worth printing even when the server cannot be asked.
      const message = error instanceof Hop3Error ? `${error.code}: ${error.message}` : (error as Error).message;
      return { client: cliVersion, server: null, serverError: message };
    }
  },
  render: ({ client, server, serverError }) =>
    formatFields([
      ["Client", client],
      ["Server", server ?? `unknown (${serverError ?? "no answer"})`],
    ]),
  exitCode: ({ server }) => (server === null ? 1 : 0),
});
