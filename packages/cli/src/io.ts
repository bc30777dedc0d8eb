/**
 * What a command may touch of the outside world. `main.ts` passes the real process
 * (`processIo`); tests pass a capture so commands run in-process.
 */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether a person can answer a prompt on stdin. */
  readonly stdinIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Asks one question on the terminal; undefined on Ctrl-D, rejects with Interrupted on Ctrl-C. */
  prompt(question: string): Promise<string | undefined>;
  /** Reads all of stdin as text (e.g. `hop3 keys:add NAME -`). */
  readStdin(): Promise<string>;
  /** The process's own byte streams, for a command that relays them as they are (`hop3 run`); absent in tests. */
  readonly streams?: ProcessStreams | undefined;
}

/** Standard input, output and error as byte streams (TTYs have raw mode and a size). */
export interface ProcessStreams {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}
