import { Hop3Error } from "@hop3/contract";

/** An error in how the command was typed (exit code 2), with a hint naming the help to read. */
export function usageError(message: string, commandName?: string): Hop3Error {
  const help = commandName === undefined ? "hop3 --help" : `hop3 ${commandName} --help`;
  return new Hop3Error("CLI_USAGE", message, { hint: `Run \`${help}\` to see the usage.` });
}
