import { Hop3Error } from "@hop3/contract";
import { Interrupted } from "./interrupted.ts";

/** Exit codes: 1 for a failure, 2 for a mistake in the command line, 130 for Ctrl-C. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof Interrupted) return 130;
  return error instanceof Hop3Error && error.code === "CLI_USAGE" ? 2 : 1;
}

/** The two lines the CLI prints for any error: `error: …` and `hint: …`. */
export function renderError(error: unknown, options: { debug?: boolean } = {}): string {
  if (error instanceof Interrupted) return "";
  if (error instanceof Hop3Error) {
    return `error: ${error.message}\n` + (error.hint ? `hint: ${error.hint}\n` : "");
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = options.debug && error instanceof Error && error.stack ? `${error.stack}\n` : "";
  return `${stack}error: ${message}\nhint: This is a bug in the hop3 CLI; run it again with HOP3_DEBUG=1 to see where it happened.\n`;
}
