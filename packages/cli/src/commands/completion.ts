import { defineCommand, type AnyCommand } from "../command.ts";
import { bashCompletion } from "../completion/bash-completion.ts";
import { completionSpec } from "../completion/completion-spec.ts";
import { fishCompletion } from "../completion/fish-completion.ts";
import { zshCompletion } from "../completion/zsh-completion.ts";
import { usageError } from "../usage-error.ts";

const shells = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;

/**
 * `hop3 completion bash|zsh|fish`: the shell's completion script, made from the command list the
 * registry hands over (the registry lists this command too, so it passes the list, not imports).
 */
export function completionCommandOf(listCommands: () => readonly AnyCommand[]): AnyCommand {
  return defineCommand({
    name: "completion",
    local: true,
    summary: "Print the shell completion script for bash, zsh or fish (commands, flags, app names)",
    options: {},
    args: [{ name: "SHELL", required: true, description: 'bash (eval "$(hop3 completion bash)" in ~/.bashrc), zsh (the same in ~/.zshrc, after compinit) or fish (hop3 completion fish | source)' }],
    async run({ args }) {
      const shell = args.SHELL;
      if (!Object.hasOwn(shells, shell)) throw usageError(`hop3 completion: no completion for ${JSON.stringify(shell)}; the shells are bash, zsh and fish.`, "completion");
      return { shell, script: shells[shell as keyof typeof shells](completionSpec(listCommands())) };
    },
    render: ({ script }) => script.replace(/\n$/, ""),
  });
}
