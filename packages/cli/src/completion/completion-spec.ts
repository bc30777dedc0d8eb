import type { AnyCommand } from "../command.ts";

/** What shell completion knows of one command, derived from its definition (the one source). */
export interface CommandCompletion {
  readonly name: string;
  readonly summary: string;
  /** Every flag, long and short, `--help` included. */
  readonly flags: readonly string[];
  /** Flags that take a value (the next word is not a positional argument). */
  readonly valueFlags: readonly string[];
  /** Flags whose value is an app name. */
  readonly appFlags: readonly string[];
  /** Positions (0 = first argument after the command) that take an app name. */
  readonly appArgs: readonly number[];
  /** Long options with their description, for shells that show them (zsh, fish). */
  readonly options: readonly { readonly long: string; readonly short?: string; readonly takesValue: boolean; readonly description: string }[];
}

/** The completion data of every command, in `hop3 --help` order. */
export function completionSpec(commands: readonly AnyCommand[]): CommandCompletion[] {
  return commands.map((command) => {
    const options = [
      ...Object.entries(command.options).map(([long, spec]) => ({ long, short: spec.short, takesValue: spec.type === "string", description: spec.description, app: spec.completes === "app" || long === "app" })),
      { long: "help", short: "h", takesValue: false, description: "Show this help", app: false },
    ];
    const spelled = (option: (typeof options)[number]) => [`--${option.long}`, ...(option.short === undefined ? [] : [`-${option.short}`])];
    return {
      name: command.name,
      summary: command.summary,
      flags: options.flatMap(spelled),
      valueFlags: options.filter((option) => option.takesValue).flatMap(spelled),
      appFlags: options.filter((option) => option.app).flatMap(spelled),
      appArgs: command.args.flatMap((arg, index) => ((arg.completes ?? (arg.name === "APP" ? "app" : undefined)) === "app" ? [index] : [])),
      options: options.map(({ long, short, takesValue, description }) => (short === undefined ? { long, takesValue, description } : { long, short, takesValue, description })),
    };
  });
}
