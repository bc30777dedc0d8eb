import { Hop3Error } from "@hop3/contract";
import type { AnyCommand, CommandContext } from "./command.ts";
import { resolveConfig } from "./config/resolve-config.ts";
import { renderCommandHelp, renderGlobalHelp } from "./help.ts";
import { createApiClient, type ApiClient } from "./http/api-client.ts";
import { parseServerUrl, type SshTarget } from "./http/server-url.ts";
import { createSshClient, runRemote } from "./http/ssh-transport.ts";
import type { CliIo } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { commands, findCommand } from "./registry.ts";
import { exitCodeFor, renderError } from "./render-error.ts";
import { closestName } from "./suggest.ts";
import { usageError } from "./usage-error.ts";
import { cliVersion } from "./version.ts";

/** Runs one `hop3` invocation and returns its exit code. Output goes through `io` only. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === "--help" || first === "-h") return print(io, renderGlobalHelp(commands));
    if (first === "--version") return print(io, cliVersion);
    if (first === "help") {
      const [name, extra] = rest;
      if (extra !== undefined) throw usageError(`hop3 help: unexpected argument ${JSON.stringify(extra)}.`);
      const global = name === undefined || name === "--help" || name === "-h";
      return print(io, global ? renderGlobalHelp(commands) : renderCommandHelp(lookup(name)));
    }
    if (first.startsWith("-")) throw usageError(`Unknown option ${JSON.stringify(first)}; options go after the command.`);
    return await runCommand(lookup(first), rest, io);
  } catch (error) {
    io.stderr(renderError(error, { debug: Boolean(io.env.HOP3_DEBUG) }));
    return exitCodeFor(error);
  }
}

async function runCommand(command: AnyCommand, argv: readonly string[], io: CliIo): Promise<number> {
  const input = parseCommandArgs(command, argv);
  if (input.help) return print(io, renderCommandHelp(command));
  if (command.local !== true) {
    // With HOP3_URL=ssh://…, the command runs on the server as typed (one command layer: the API).
    const ssh = await sshTarget(io);
    if (ssh !== undefined) {
      const remote = await command.sshRemote?.(input as never, io);
      return runRemote(ssh, [command.name, ...(remote?.args ?? argv)], io, command.sshStdio?.(input as never, io), remote?.stdin);
    }
  }

  let api: Promise<ApiClient> | undefined;
  const json = input.options.json === true;
  const jsonLines = command.jsonLines === true && input.options.json === true;
  const context: CommandContext<unknown> = {
    io,
    client: () => (api ??= connect(io)),
    progress(event) {
      if (jsonLines) return io.stdout(`${JSON.stringify(event)}\n`);
      // With --json, stdout is the JSON alone: progress for people goes to stderr.
      const rendered = json ? (command.renderJsonProgress ?? toStderr(command.renderProgress))?.(event) : command.renderProgress?.(event);
      for (const line of rendered === undefined ? [] : "text" in rendered ? [rendered] : rendered) (line.stream === "stdout" ? io.stdout : io.stderr)(`${line.text}\n`);
    },
  };
  const result = await command.run(input, context);
  if (jsonLines) return print(io, JSON.stringify(result));
  // --json prints the document exactly as the API returned it, and nothing else.
  if (json) {
    const printed = print(io, command.renderJson?.(result) ?? JSON.stringify(result, null, 2));
    return command.exitCode?.(result) ?? printed;
  }
  const printed = print(io, command.render(result));
  return command.exitCode?.(result) ?? printed;
}

async function connect(io: CliIo): Promise<ApiClient> {
  const config = await resolveConfig(io.env);
  const target = parseServerUrl(config.url, config.urlSource);
  return target.kind === "ssh" ? createSshClient(target, io) : createApiClient(target, config.token);
}

/** The SSH target when the configured server is `ssh://…`; any configuration error is left to `connect`. */
async function sshTarget(io: CliIo): Promise<SshTarget | undefined> {
  const config = await resolveConfig(io.env).catch(() => undefined);
  if (config === undefined || !config.url.startsWith("ssh:")) return undefined;
  const target = parseServerUrl(config.url, config.urlSource);
  return target.kind === "ssh" ? target : undefined;
}

function lookup(name: string): AnyCommand {
  const command = findCommand(name);
  if (command !== undefined) return command;
  const suggestion = closestName(name, commands.map((candidate) => candidate.name));
  const list = "Run `hop3 --help` to list the commands.";
  throw new Hop3Error("CLI_USAGE", `Unknown command ${JSON.stringify(name)}.`, {
    hint: suggestion === undefined ? list : `Did you mean \`hop3 ${suggestion}\`? ${list}`,
  });
}

function toStderr(render: AnyCommand["renderProgress"]): AnyCommand["renderProgress"] {
  return render && ((event) => {
    const rendered = render(event);
    if (rendered === undefined) return undefined;
    return ("text" in rendered ? [rendered] : rendered).map((line) => ({ stream: "stderr" as const, text: line.text }));
  });
}

function print(io: CliIo, text: string): number {
  // A command that printed everything as progress (logs) renders nothing more, not a blank line.
  if (text !== "") io.stdout(`${text}\n`);
  return 0;
}
