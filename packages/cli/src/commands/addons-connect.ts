import { apiPaths, exitStatusOf, Hop3Error, runProtocol, type RunExit } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { relayRun, terminalSize } from "../run/relay-run.ts";
import { wantsTerminal } from "./run.ts";

/**
 * `hop3 addons:connect NAME [--app APP]`: the engine's client (psql, mariadb, redis-cli) on a
 * terminal, through the same session as `hop3 run` (ADR 15), run by the server as the attached
 * app (ADR 68). Piped input works too: `echo 'select 1' | hop3 addons:connect db`.
 */
export const addonsConnectCommand = defineCommand({
  name: "addons:connect",
  summary: "Open the addon's client (psql, mariadb, redis-cli) as an attached app; exits with its status",
  options: {
    app: { type: "string", valueName: "APP", description: "The attached app to connect as (default: the first one you are a developer of)" },
    tty: { type: "boolean", short: "t", description: "Use a terminal even when stdin or stdout is not one (default: when both are terminals)" },
    "no-tty": { type: "boolean", description: "Never use a terminal: input and output stay byte streams" },
  },
  args: [{ name: "NAME", required: true, description: "Name of the addon (postgres, mysql or redis; s3 has no client)" }],
  async run({ args, options }, { client, io }) {
    const streams = io.streams;
    if (!streams) throw new Hop3Error("INTERNAL", "hop3 addons:connect needs the process's own stdin and stdout.");
    const tty = wantsTerminal(options, io, "addons:connect");
    const api = await client();
    const query = options.app === undefined ? "" : `?app=${encodeURIComponent(options.app)}`;
    const socket = await api.upgrade(`${apiPaths.addonConnect(args.NAME)}${query}`, runProtocol);
    const size = tty ? terminalSize(streams) : undefined;
    // The server decides what runs (the engine's client): the start frame's argv is not read.
    return relayRun(socket, { argv: [], tty, ...(size ? { size } : {}) }, streams, api.server);
  },
  render: () => "",
  exitCode: (exit: RunExit) => exitStatusOf(exit),
  sshStdio: ({ options }, io) => ({ terminal: wantsTerminal(options, io, "addons:connect") }),
});
