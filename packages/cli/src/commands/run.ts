import { apiPaths, exitStatusOf, Hop3Error, runProtocol, type RunExit } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import type { CliIo } from "../io.ts";
import { relayRun, terminalSize } from "../run/relay-run.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 run APP [--tty|--no-tty] -- CMD ARGS…`: a one-off command in the app's environment. */
export const runCommand = defineCommand({
  name: "run",
  summary: "Run a one-off command in an app's environment (e.g. hop3 run APP -- bash); exits with its status",
  options: {
    tty: { type: "boolean", short: "t", description: "Run on a terminal even when stdin or stdout is not one (default: when both are terminals)" },
    "no-tty": { type: "boolean", description: "Never use a terminal: stdin, stdout and stderr stay separate byte streams" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "COMMAND", required: false, variadic: true, description: "After --: the program and its arguments, run without a shell in the current release's directory, as the app's user, with its config vars" },
  ],
  async run({ args, options, rest }, { client, io }) {
    if (rest.length === 0 || rest[0] === "") throw usageError("hop3 run: give the command after --, e.g. `hop3 run APP -- ls -la`.", "run");
    const streams = io.streams;
    if (!streams) throw new Hop3Error("INTERNAL", "hop3 run needs the process's own stdin and stdout.");
    const tty = wantsTerminal(options, io);
    const api = await client();
    const socket = await api.upgrade(apiPaths.run(args.APP), runProtocol);
    const size = tty ? terminalSize(streams) : undefined;
    return relayRun(socket, { argv: [...rest], tty, ...(size ? { size } : {}) }, streams, api.server);
  },
  // The command's own output has been relayed already.
  render: () => "",
  exitCode: (exit: RunExit) => exitStatusOf(exit),
  sshStdio: ({ options }, io) => ({ terminal: wantsTerminal(options, io) }),
});

/** Whether a remote command gets a terminal: asked with --tty/--no-tty, else when stdin and stdout both are one (`hop3 run`, `hop3 addons:connect`). */
export function wantsTerminal(options: { tty?: boolean | undefined; "no-tty"?: boolean | undefined }, io: CliIo, command = "run"): boolean {
  if (options.tty === true && options["no-tty"] === true) throw usageError(`hop3 ${command}: --tty and --no-tty contradict each other.`, command);
  if (options.tty === true) return true;
  if (options["no-tty"] === true) return false;
  // Both: `hop3 run APP -- pg_dump > dump.sql` typed at a terminal must not get terminal line ends.
  return io.stdinIsTTY && io.streams?.stdout.isTTY === true;
}
