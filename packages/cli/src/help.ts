import type { AnyCommand, OptionSpec } from "./command.ts";
import { formatColumns } from "./format/table.ts";

const helpOption: OptionSpec = { type: "boolean", short: "h", description: "Show this help" };

/** `hop3 --help`: every command with its summary. */
export function renderGlobalHelp(commands: readonly AnyCommand[]): string {
  return [
    "Usage: hop3 COMMAND [OPTIONS] [ARGS]",
    "",
    "The command-line client of Hop3, a self-hosted platform to deploy apps.",
    "",
    "Commands:",
    indent(formatColumns([...commands.filter((command) => command.shorthandOf === undefined).map((command) => [command.name, command.summary] as [string, string]), ...shorthandLines(commands)])),
    "",
    "Global options:",
    indent(
      formatColumns([
        ["-h, --help", "Show help; `hop3 help COMMAND` or `hop3 COMMAND --help` for one command"],
        ["    --version", "Print the version of this client"],
      ]),
    ),
    "",
    "The server is HOP3_URL with the token HOP3_TOKEN, or what `hop3 login` saved. HOP3_URL is",
    "http(s)://HOST[:PORT], unix:///path/to/hop3.sock, or ssh://hop3@HOST[:PORT]: then each command",
    "runs on the server over SSH with your SSH key (no token; HOP3_SSH_COMMAND replaces `ssh`, e.g.",
    "\"ssh -i ~/.ssh/hop3_key\"), and `hop3 deploy` uploads over SSH.",
  ].join("\n");
}

/** One line per group of shorthands (`pg:*`), in place of one per command. */
function shorthandLines(commands: readonly AnyCommand[]): [string, string][] {
  const groups = new Map<string, string[]>();
  for (const command of commands) {
    if (command.shorthandOf === undefined) continue;
    const prefix = command.name.split(":")[0] ?? command.name;
    groups.set(prefix, [...(groups.get(prefix) ?? []), command.name]);
  }
  return [...groups].map(([prefix, names]) => [`${prefix}:*`, `The addons commands with the type fixed: ${prefix}, ${names.slice(1).map((name) => name.slice(prefix.length + 1)).join("|")} (\`hop3 help ${names[1] ?? prefix}\`)`]);
}

/** `hop3 help COMMAND`: usage line, summary, arguments and options. */
export function renderCommandHelp(command: AnyCommand): string {
  const lines = [`Usage: ${usageLine(command)}`, "", `${command.summary}.`];
  if (command.shorthandOf !== undefined) lines.push(`A shorthand of \`hop3 ${command.shorthandOf}\`, for one type of addon.`);
  if (command.args.length > 0) {
    lines.push("", "Arguments:", indent(formatColumns(command.args.map((arg) => [arg.name, arg.description]))));
  }
  const options = Object.entries({ ...command.options, help: helpOption });
  lines.push("", "Options:", indent(formatColumns(options.map(([name, spec]) => [optionLabel(name, spec), spec.description]))));
  return lines.join("\n");
}

/** `hop3 deploy [--app NAME] [DIR]`. */
export function usageLine(command: AnyCommand): string {
  const options = Object.entries(command.options).map(([name, spec]) => `[--${name}${spec.type === "string" ? ` ${spec.valueName ?? "VALUE"}` : ""}]`);
  const args = command.args.map((arg) => `${arg.required ? arg.name : `[${arg.name}]`}${arg.variadic ? "..." : ""}`);
  return ["hop3", command.name, ...options, ...args].join(" ");
}

function optionLabel(name: string, spec: OptionSpec): string {
  const value = spec.type === "string" ? ` ${spec.valueName ?? "VALUE"}` : "";
  return `${spec.short === undefined ? "    " : `-${spec.short}, `}--${name}${value}`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
