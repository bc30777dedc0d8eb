import type { ApiClient } from "./http/api-client.ts";
import type { CliIo } from "./io.ts";

/** One option of a command: what `node:util` parseArgs needs, plus its help text. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  description: string;
  /** Placeholder shown in help for a string option, e.g. NAME. */
  valueName?: string;
  /** What shell completion offers for its value; an option named `app` completes app names without saying so. */
  completes?: "app";
}

/** One positional argument of a command. */
export interface ArgSpec {
  name: string;
  required: boolean;
  description: string;
  /** The last argument only: takes every remaining word (see `CommandInput.rest`). */
  variadic?: boolean;
  /** What shell completion offers for it; an argument named APP completes app names without saying so. */
  completes?: "app";
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

// Distributes over the union, so a command of unknown shape gets `string | boolean`.
type ValueOfType<T> = T extends "boolean" ? boolean : string;

type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: ValueOfType<O[K]["type"]> | undefined;
};

type ArgValues<A extends readonly ArgSpec[]> = {
  [S in A[number] as S["name"]]: S["required"] extends true ? string : string | undefined;
};

/** The parsed command line handed to a handler. */
export interface CommandInput<O extends OptionSpecs, A extends readonly ArgSpec[]> {
  options: OptionValues<O>;
  args: ArgValues<A>;
  /** Every word given for the variadic argument, when the command has one. */
  rest: readonly string[];
}

/** What a handler may use besides its input. */
export interface CommandContext<P> {
  io: CliIo;
  /** The API client for the configured server; fails with CLI_NOT_CONFIGURED when there is none. */
  client(): Promise<ApiClient>;
  /** Reports progress as it happens (rendered by the command's `renderProgress`). */
  progress(event: P): void;
}

/** A line of progress output and the stream it belongs to. */
export interface ProgressLine {
  stream: "stdout" | "stderr";
  text: string;
}

/**
 * The contract every command module fulfils: the handler returns data, the renderer turns it
 * into text for people. With `--json` (when the command declares it) the runner prints the
 * data itself instead.
 */
export interface Command<O extends OptionSpecs, A extends readonly ArgSpec[], R, P = never> {
  name: string;
  summary: string;
  /**
   * Runs on this machine even when HOP3_URL is `ssh://…` (it packs local files, or saves local
   * settings). Other commands then run on the server, over SSH, as they are typed.
   */
  local?: boolean;
  options: O;
  args: A;
  run(input: CommandInput<O, A>, context: CommandContext<P>): Promise<R>;
  render(result: R): string;
  renderProgress?(event: P): ProgressLine | readonly ProgressLine[] | undefined;
  /**
   * With `--json`, how a progress event is printed (for a command whose progress is its data:
   * `logs --json` prints one JSON document a line). Without it, progress goes to stderr so
   * stdout holds the JSON document alone.
   */
  renderJsonProgress?(event: P): ProgressLine | readonly ProgressLine[] | undefined;
  /** With `--json`, what to print of the result (default: the result as one JSON document; "" prints nothing). */
  renderJson?(result: R): string;
  /**
   * The command follows an event stream: with `--json` each progress event and then the result
   * are printed as JSON lines (one object a line, as the server streams them), not rendered.
   */
  jsonLines?: boolean;
  /** A shorthand (`pg:create`) of this command (`addons:create`): `hop3 --help` lists the group on one line. */
  shorthandOf?: string;
  /** The exit status of `hop3` after a successful run (0 when absent), e.g. the remote command's for `hop3 run`. */
  exitCode?(result: R): number;
  /**
   * Over SSH, relay the command's stdin, stdout and stderr as bytes (ssh inherits them) instead
   * of as text, and ask ssh for a terminal when `terminal` is true.
   */
  sshStdio?(input: CommandInput<O, A>, io: CliIo): { terminal: boolean };
  /**
   * Over SSH, what to send in place of the command line as typed: other arguments, and text for
   * the remote command's stdin (a local file's content; secrets kept out of every argv).
   */
  sshRemote?(input: CommandInput<O, A>, io: CliIo): Promise<SshRemote>;
}

/** A command line for the server and what its stdin reads. */
export interface SshRemote {
  readonly args: readonly string[];
  readonly stdin: string;
}

/** A command of any shape, as the registry holds them. */
export type AnyCommand = Command<OptionSpecs, readonly ArgSpec[], unknown, unknown>;

/** Identity function that infers literal option and argument types for a command module. */
export function defineCommand<const O extends OptionSpecs, const A extends readonly ArgSpec[], R, P = never>(
  command: Command<O, A, R, P>,
): Command<O, A, R, P> {
  return command;
}

/** The `--json` option of commands that follow an event stream (`jsonLines`). */
export const jsonLinesOption = {
  type: "boolean",
  description: "Print each event as a line of JSON, as the server streams it, instead of text",
} as const satisfies OptionSpec;

/** The `--json` option, shared by the commands that print a document. */
export const jsonOption = {
  type: "boolean",
  description: "Print the JSON document instead of text",
} as const satisfies OptionSpec;
