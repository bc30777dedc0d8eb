import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import type { AnyCommand } from "./command.ts";
import { usageError } from "./usage-error.ts";

/** A command line parsed against a command's options and arguments. */
export interface ParsedCommandLine {
  help: boolean;
  options: Record<string, string | boolean | undefined>;
  args: Record<string, string | undefined>;
  rest: string[];
}

/** Parses argv for `command`; mistakes become CLI_USAGE errors naming the command. */
export function parseCommandArgs(command: AnyCommand, argv: readonly string[]): ParsedCommandLine {
  const config: ParseArgsOptionsConfig = { help: { type: "boolean", short: "h" } };
  for (const [name, spec] of Object.entries(command.options)) {
    config[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  let parsed: ReturnType<typeof parseArgs<{ options: ParseArgsOptionsConfig; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS")) throw error;
    // Node's messages go on about `--`; the first sentence is the useful part.
    const first = (error as Error).message.split(/\.\s/)[0] ?? "";
    throw usageError(`hop3 ${command.name}: ${first.charAt(0).toLowerCase()}${first.slice(1).replace(/\.$/, "")}.`, command.name);
  }
  const { help, ...options } = parsed.values as Record<string, string | boolean | undefined>;
  if (help === true) return { help: true, options, args: {}, rest: [] };

  const positionals = parsed.positionals;
  const args: Record<string, string | undefined> = {};
  command.args.forEach((spec, index) => {
    const value = positionals[index];
    if (value === undefined && spec.required) throw usageError(`hop3 ${command.name}: missing argument ${spec.name}.`, command.name);
    args[spec.name] = value;
  });
  const variadic = command.args.at(-1)?.variadic === true;
  const rest = variadic ? positionals.slice(command.args.length - 1) : [];
  const extra = positionals[command.args.length];
  if (extra !== undefined && !variadic) throw usageError(`hop3 ${command.name}: unexpected argument ${JSON.stringify(extra)}.`, command.name);
  return { help: false, options, args, rest };
}
