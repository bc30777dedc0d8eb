import type { CommandCompletion } from "./completion-spec.ts";

/** A word in single quotes for fish. */
function quoted(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** The fish completion script: `hop3 completion fish | source`, or saved in ~/.config/fish/completions/hop3.fish. */
export function fishCompletion(specs: readonly CommandCompletion[]): string {
  const lines = ["# fish completion for hop3: hop3 completion fish | source", `set -l hop3_commands ${specs.map((spec) => spec.name).join(" ")}`];
  for (const spec of specs) lines.push(`complete -c hop3 -f -n "not __fish_seen_subcommand_from $hop3_commands" -a ${spec.name} -d ${quoted(spec.summary)}`);
  for (const spec of specs) {
    const when = `-n "__fish_seen_subcommand_from ${spec.name}"`;
    for (const option of spec.options) {
      const short = option.short === undefined ? "" : ` -s ${option.short}`;
      const app = spec.appFlags.includes(`--${option.long}`) ? " -f -a '(hop3 apps --names 2>/dev/null)'" : "";
      lines.push(`complete -c hop3 ${when} -l ${option.long}${short}${option.takesValue ? " -r" : ""}${app} -d ${quoted(option.description)}`);
    }
    if (spec.appArgs.length > 0) lines.push(`complete -c hop3 ${when} -f -a '(hop3 apps --names 2>/dev/null)'`);
  }
  return `${lines.join("\n")}\n`;
}
