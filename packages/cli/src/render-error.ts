import { Hop3Error } from "@hop3/contract";

/** Exit codes: 1 for a failure, 2 for a mistake in the command line. */
export function exitCodeFor(error: unknown): number {
  return error instanceof Hop3Error && error.code === "CLI_USAGE" ? 2 : 1;
}

/** The two lines the CLI prints for any error: `error: …` and `hint: …`. */
export function renderError(error: unknown, options: { debug?: boolean } = {}): string {
  if (error instanceof Hop3Error) {
    return `error: ${error.message}\n` + (error.hint ? `hint: ${error.hint}\n` : "");
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = options.debug && error instanceof Error && error.stack ? `${error.stack}\n` : "";
  return `${stack}error: ${message}\nhint: This is a bug in the hop3 CLI; run it again with HOP3_DEBUG=1 to see where it happened.\n`;
}
